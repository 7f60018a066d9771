/*
 * server.h - runs the web application until SIGINT or SIGTERM.
 */
#ifndef RISE_SERVER_H
#define RISE_SERVER_H

#include "web/http.h"

/* Parses "HOST:PORT" (or "[v6]:PORT") into cfg. 0 on success. */
int config_set_listen(Config *cfg, const char *listen);
/* Sets the public base URL (origin checks, cookie security, HSTS). 0 on success. */
int config_set_base_url(Config *cfg, const char *url);

/* Serves until a signal; returns the process exit code. */
int server_run(const Config *cfg);

#endif
