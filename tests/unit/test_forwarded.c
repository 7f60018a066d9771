/*
 * test_forwarded.c - the client's address behind a trusted proxy
 * (serve --trusted-proxy): the header is believed only from our proxies,
 * and only as far as our proxies wrote it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/forwarded.h"

static const char *client(const char *peer, const char *xff, const char *trusted)
{
    static char out[64];
    forwarded_client(peer, xff, trusted, out, sizeof out);
    return out;
}

/* Without --trusted-proxy anyone could send X-Forwarded-For to dodge the
   sign-in throttle or to blame another address: it is ignored. */
static void header_ignored_unless_peer_is_trusted(void **state)
{
    (void)state;
    assert_string_equal(client("198.51.100.7", "203.0.113.5", NULL), "198.51.100.7");
    assert_string_equal(client("198.51.100.7", "203.0.113.5", ""), "198.51.100.7");
    assert_string_equal(client("198.51.100.7", "203.0.113.5", "127.0.0.1"), "198.51.100.7");
    assert_string_equal(client("127.0.0.1", NULL, "127.0.0.1"), "127.0.0.1");
    assert_string_equal(client("127.0.0.1", "", "127.0.0.1"), "127.0.0.1");
}

/* Each proxy appends the address it saw: the rightmost entry that is not
   one of ours is the client, whatever the client wrote before it. */
static void rightmost_untrusted_entry_is_the_client(void **state)
{
    (void)state;
    assert_string_equal(client("127.0.0.1", "203.0.113.5", "127.0.0.1"), "203.0.113.5");
    assert_string_equal(client("127.0.0.1", " 203.0.113.5 ", "127.0.0.1"), "203.0.113.5");
    /* a forged entry on the left is skipped */
    assert_string_equal(client("127.0.0.1", "192.0.2.99, 203.0.113.5", "127.0.0.1"), "203.0.113.5");
    /* two proxies of ours, one behind the other */
    assert_string_equal(client("10.0.0.2", "203.0.113.5, 10.0.0.1", "10.0.0.1,10.0.0.2"), "203.0.113.5");
    /* only our proxies in the header: the leftmost of them */
    assert_string_equal(client("10.0.0.2", "10.0.0.1", "10.0.0.1, 10.0.0.2"), "10.0.0.1");
    /* IPv6, written canonically */
    assert_string_equal(client("::1", "2001:DB8::0:1", "::1"), "2001:db8::1");
}

/* A hop that is not an address stops the walk at the proxy that passed it on. */
static void garbage_stops_the_walk(void **state)
{
    (void)state;
    assert_string_equal(client("127.0.0.1", "unknown", "127.0.0.1"), "127.0.0.1");
    assert_string_equal(client("127.0.0.1", "203.0.113.5, <script>", "127.0.0.1"), "127.0.0.1");
    assert_string_equal(client("10.0.0.2", "x, 10.0.0.1", "10.0.0.1,10.0.0.2"), "10.0.0.1");
    assert_string_equal(client("127.0.0.1", ",,,", "127.0.0.1"), "127.0.0.1");
    assert_string_equal(client("127.0.0.1", "203.0.113.5:8080", "127.0.0.1"), "127.0.0.1");
}

static void trusted_lists_are_checked(void **state)
{
    (void)state;
    assert_true(forwarded_list_valid("127.0.0.1"));
    assert_true(forwarded_list_valid("10.0.0.1, ::1"));
    assert_false(forwarded_list_valid(""));
    assert_false(forwarded_list_valid("proxy.internal"));
    assert_false(forwarded_list_valid("10.0.0.1,"));
    assert_false(forwarded_list_valid("10.0.0.0/8"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_ignored_unless_peer_is_trusted),
        cmocka_unit_test(rightmost_untrusted_entry_is_the_client),
        cmocka_unit_test(garbage_stops_the_walk),
        cmocka_unit_test(trusted_lists_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
