/*
 * router.h - the route table. Every URL the server answers is declared here
 * with the permission it needs: a request that matches no route gets 404,
 * and a route declared without a permission is refused at start-up
 * (routes_check) and by authorise().
 */
#ifndef RISE_ROUTER_H
#define RISE_ROUTER_H

#include "domain/access.h"
#include "web/http.h"

typedef void (*Handler)(Req *r, Resp *w);

typedef struct Route {
    const char *method;  /* "GET" or "POST" (GET also answers HEAD) */
    const char *pattern; /* "/users/{id}/edit"; a trailing "*" matches any rest */
    Perm perm;
    Handler handler;
} Route;

extern const Route ROUTES[];
extern const size_t ROUTE_COUNT;

/*
 * Finds the route for method and path, filling r's params. Returns NULL when
 * none matches; *path_known is set when the path matches a route of another
 * method (405 rather than 404).
 */
const Route *route_match(const char *method, const char *path, Req *r, int *path_known);

/* Returns 0 when every route declares a permission and a handler. */
int routes_check(char *err, size_t errlen);

#endif
