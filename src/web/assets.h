/*
 * assets.h - the front-end files embedded in the binary (see tools/embed.c).
 */
#ifndef RISE_ASSETS_H
#define RISE_ASSETS_H

#include <stddef.h>

typedef struct Asset {
    const char *logical; /* "/assets/govuk-frontend.min.css" */
    const char *url;     /* "/assets/govuk-frontend.min.0123456789.css" */
    const char *content_type;
    const char *data;
    size_t len;
    const char *etag;
} Asset;

extern const Asset rise_assets[];
extern const size_t rise_assets_count;

/* The asset served at path: by its hashed URL (*immutable = 1) or its
   logical path (*immutable = 0). NULL when there is none. */
const Asset *asset_find(const char *path, int *immutable);
/* The hashed URL of a logical path; the logical path itself if unknown. */
const char *asset_url(const char *logical);

#endif
