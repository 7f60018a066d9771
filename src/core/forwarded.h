/*
 * forwarded.h - which address a request came from, when rise sits behind a
 * proxy it trusts (serve --trusted-proxy).
 *
 * Pure and bounded, fuzzed by tests/fuzz/fuzz_forwarded.c.
 */
#ifndef RISE_FORWARDED_H
#define RISE_FORWARDED_H

#include <stddef.h>

/*
 * Writes to out the client's address for a request whose TCP peer is `peer`
 * and whose X-Forwarded-For header is `xff` (NULL when absent). `trusted`
 * is a comma-separated list of proxy addresses (NULL or "" for none).
 *
 * Interpretation: each proxy appends the address it received the request
 * from, so only the entries added by our own proxies can be believed.
 * Unless the peer is a trusted proxy, the header is ignored (anyone can
 * send one) and the peer is the client. Otherwise the entries are read from
 * the right, skipping trusted proxies, and the first other address is the
 * client; an entry that is not an IP address stops the walk at the hop that
 * passed it on. Addresses are written in their canonical form (inet_ntop),
 * so "::FFFF:0:1" and "::ffff:0:1" count as one. out is always terminated.
 */
void forwarded_client(const char *peer, const char *xff, const char *trusted, char *out, size_t outlen);

/* 1 when every entry of a comma-separated list is an IPv4 or IPv6 address. */
int forwarded_list_valid(const char *list);

#endif
