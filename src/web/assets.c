/*
 * assets.c - looks up embedded assets by URL.
 */
#include "web/assets.h"

#include <string.h>

const Asset *asset_find(const char *path, int *immutable)
{
    for (size_t i = 0; i < rise_assets_count; i++) {
        if (strcmp(rise_assets[i].url, path) == 0) {
            *immutable = 1;
            return &rise_assets[i];
        }
    }
    for (size_t i = 0; i < rise_assets_count; i++) {
        if (strcmp(rise_assets[i].logical, path) == 0) {
            *immutable = 0;
            return &rise_assets[i];
        }
    }
    return NULL;
}

const char *asset_url(const char *logical)
{
    for (size_t i = 0; i < rise_assets_count; i++)
        if (strcmp(rise_assets[i].logical, logical) == 0)
            return rise_assets[i].url;
    return logical;
}
