/*
 * embed.c - build-time tool: turns the front-end assets named in a manifest
 * into a C source file, so that the rise binary serves them with no files on
 * disk.
 *
 *   rise-embed SOURCE_DIR MANIFEST OUTPUT.c
 *
 * Each asset gets a content-hashed URL ("/assets/x.css" becomes
 * "/assets/x.1a2b3c4d5e.css") so that it can be cached for a year. Text
 * assets (css, js, json) are rewritten first so that the URLs they contain
 * point at the hashed names of the assets they use, and are hashed after the
 * rewrite.
 */
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char *logical; /* /assets/fonts/x.woff2 */
    char *hashed;  /* /assets/fonts/x.0123456789.woff2 */
    const char *type;
    unsigned char *data;
    size_t len;
    int text;
} Asset;

static Asset assets[512];
static size_t nassets;

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "rise-embed: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n)
        die("cannot read", path);
    fclose(f);
    p[n] = 0;
    *len = (size_t)n;
    return p;
}

static const char *ext_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    return (dot && (!slash || dot > slash)) ? dot : "";
}

static const char *mime_of(const char *path, int *text)
{
    const char *e = ext_of(path);
    *text = 0;
    if (!strcmp(e, ".css")) { *text = 1; return "text/css; charset=utf-8"; }
    if (!strcmp(e, ".js") || !strcmp(e, ".mjs")) { *text = 1; return "text/javascript; charset=utf-8"; }
    if (!strcmp(e, ".json")) { *text = 1; return "application/manifest+json"; }
    if (!strcmp(e, ".svg")) return "image/svg+xml";
    if (!strcmp(e, ".png")) return "image/png";
    if (!strcmp(e, ".ico")) return "image/x-icon";
    if (!strcmp(e, ".woff2")) return "font/woff2";
    if (!strcmp(e, ".woff")) return "font/woff";
    return "application/octet-stream";
}

static void add_file(const char *srcdir, const char *logical, const char *rel)
{
    if (nassets >= sizeof assets / sizeof assets[0])
        die("too many assets", NULL);
    for (size_t i = 0; i < nassets; i++)
        if (!strcmp(assets[i].logical, logical))
            return; /* first one named wins */
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", srcdir, rel);
    Asset *a = &assets[nassets++];
    a->logical = strdup(logical);
    a->type = mime_of(logical, &a->text);
    a->data = slurp(path, &a->len);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_dir(const char *srcdir, const char *prefix, const char *reldir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", srcdir, reldir);
    DIR *d = opendir(path);
    if (!d)
        die("cannot open folder", path);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512) {
        if (e->d_name[0] == '.')
            continue;
        if (strstr(e->d_name, ".map"))
            continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_names);
    for (size_t i = 0; i < n; i++) {
        char logical[1024], rel[4096];
        snprintf(logical, sizeof logical, "%s%s", prefix, names[i]);
        snprintf(rel, sizeof rel, "%s%s", reldir, names[i]);
        add_file(srcdir, logical, rel);
        free(names[i]);
    }
}

static void hash_name(Asset *a)
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, a->data, a->len, NULL, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    hex[10] = 0;
    const char *e = ext_of(a->logical);
    size_t stem = strlen(a->logical) - strlen(e);
    size_t n = strlen(a->logical) + 12;
    a->hashed = malloc(n);
    snprintf(a->hashed, n, "%.*s.%s%s", (int)stem, a->logical, hex, e);
}

/* Replaces every occurrence of each non-text asset's logical URL in a. */
static void rewrite(Asset *a)
{
    for (size_t i = 0; i < nassets; i++) {
        Asset *o = &assets[i];
        if (o == a || !o->hashed)
            continue;
        size_t fl = strlen(o->logical), tl = strlen(o->hashed);
        for (;;) {
            unsigned char *hit = (unsigned char *)strstr((char *)a->data, o->logical);
            /* skip occurrences that already carry a hash (i.e. were rewritten) */
            if (!hit)
                break;
            size_t off = (size_t)(hit - a->data);
            unsigned char *nd = malloc(a->len - fl + tl + 1);
            memcpy(nd, a->data, off);
            memcpy(nd + off, o->hashed, tl);
            memcpy(nd + off + tl, a->data + off + fl, a->len - off - fl + 1);
            free(a->data);
            a->data = nd;
            a->len = a->len - fl + tl;
            /* the hashed name contains the logical stem but not the full
               logical name, so the loop terminates */
        }
    }
}

static void emit_string(FILE *out, const unsigned char *p, size_t n)
{
    fputs("\"", out);
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
            fputc(c, out);
            col++;
        } else {
            fprintf(out, "\\%03o", c);
            col += 4;
        }
        if (col >= 120) {
            fputs("\"\n\"", out);
            col = 0;
        }
    }
    fputs("\"", out);
}

int main(int argc, char **argv)
{
    if (argc != 4)
        die("usage: rise-embed SOURCE_DIR MANIFEST OUTPUT.c", NULL);
    if (sodium_init() < 0)
        die("libsodium failed to start", NULL);
    size_t mlen;
    char *manifest = (char *)slurp(argv[2], &mlen);
    for (char *line = strtok(manifest, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char url[1024], src[2048];
        if (sscanf(line, "%1023s %2047s", url, src) != 2)
            die("bad manifest line", line);
        size_t sl = strlen(src);
        if (src[sl - 1] == '/')
            add_dir(argv[1], url, src);
        else
            add_file(argv[1], url, src);
    }
    for (size_t i = 0; i < nassets; i++)
        if (!assets[i].text)
            hash_name(&assets[i]);
    /* text assets may refer to each other (rise.js imports govuk-frontend):
       hash those with no references first, in manifest order */
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < nassets; i++)
            if (assets[i].text && !assets[i].hashed) {
                rewrite(&assets[i]);
                int refs_unhashed = 0;
                for (size_t j = 0; j < nassets; j++)
                    if (j != i && !assets[j].hashed && strstr((char *)assets[i].data, assets[j].logical))
                        refs_unhashed = 1;
                if (!refs_unhashed || pass == 2)
                    hash_name(&assets[i]);
            }

    FILE *out = fopen(argv[3], "w");
    if (!out)
        die("cannot write", argv[3]);
    fputs("/* Generated by tools/embed.c from assets/manifest.txt: do not edit. */\n"
          "#include \"web/assets.h\"\n\n",
          out);
    for (size_t i = 0; i < nassets; i++) {
        fprintf(out, "static const char asset_%zu[] =\n", i);
        emit_string(out, assets[i].data, assets[i].len);
        fputs(";\n", out);
    }
    fputs("\nconst Asset rise_assets[] = {\n", out);
    for (size_t i = 0; i < nassets; i++) {
        const Asset *a = &assets[i];
        const char *h = strrchr(a->hashed, '.');
        const char *hs = h;
        while (hs > a->hashed && hs[-1] != '.')
            hs--;
        fprintf(out, "    {\"%s\", \"%s\", \"%s\", asset_%zu, %zu, \"\\\"%.*s\\\"\"},\n", a->logical, a->hashed,
                a->type, i, a->len, (int)(h - hs), hs);
    }
    fprintf(out, "};\nconst size_t rise_assets_count = %zu;\n", nassets);
    fclose(out);
    return 0;
}
