/*
 * router.c - matching paths against the route table (the table itself is in
 * routes.c, next to the list of pages).
 */
#include "web/router.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Matches one pattern; {name} takes one non-empty segment, "*" the rest. */
static int match(const char *pat, const char *path, const char **starts, size_t *lens, int *nout)
{
    int n = 0;
    const char *p = pat, *s = path;
    while (*p) {
        if (*p == '*') {
            return 1;
        }
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close)
                return 0;
            size_t len = strcspn(s, "/");
            if (len == 0 || n >= MAX_ROUTE_PARAMS)
                return 0;
            starts[n] = s;
            lens[n] = len;
            n++;
            s += len;
            p = close + 1;
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    if (*s)
        return 0;
    *nout = n;
    return 1;
}

const Route *route_match(const char *method, const char *path, Req *r, int *path_known)
{
    *path_known = 0;
    int is_head = strcmp(method, "HEAD") == 0;
    for (size_t i = 0; i < ROUTE_COUNT; i++) {
        const Route *rt = &ROUTES[i];
        const char *starts[MAX_ROUTE_PARAMS];
        size_t lens[MAX_ROUTE_PARAMS];
        int n = 0;
        if (!match(rt->pattern, path, starts, lens, &n))
            continue;
        *path_known = 1;
        if (strcmp(rt->method, method) == 0 || (is_head && strcmp(rt->method, "GET") == 0)) {
            if (r) {
                for (int k = 0; k < n; k++) {
                    char *seg = xstrndup(starts[k], lens[k]);
                    kv_add(&r->scratch_, "param", seg);
                    free(seg);
                    r->params[k] = r->scratch_.items[r->scratch_.n - 1].val;
                }
                r->nparams = n;
            }
            return rt;
        }
    }
    return NULL;
}

int routes_check(char *err, size_t errlen)
{
    for (size_t i = 0; i < ROUTE_COUNT; i++) {
        const Route *rt = &ROUTES[i];
        if (rt->perm <= PERM_NONE || rt->perm >= PERM_COUNT || !rt->handler || !rt->pattern || !rt->method) {
            snprintf(err, errlen, "route %s %s declares no permission or handler", rt->method ? rt->method : "?",
                     rt->pattern ? rt->pattern : "?");
            return -1;
        }
    }
    return 0;
}
