/*
 * test_html.c - the escaping output API, and the route table's rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "web/html.h"
#include "web/router.h"

#include <string.h>

static void printf_escapes_strings_by_default(void **state)
{
    (void)state;
    Html h;
    html_init(&h);
    html_printf(&h, "<p title=\"%s\">%s</p>", "a\"b", "<script>alert('x')</script> & more");
    assert_string_equal(html_str(&h), "<p title=\"a&quot;b\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</p>");
    html_free(&h);
}

static void printf_numbers_and_slices(void **state)
{
    (void)state;
    Html h;
    html_init(&h);
    html_printf(&h, "%d|%u|%ld|%lld|%zu|%.*s|%%", -3, 4u, 5L, -6LL, (size_t)7, 3, "<b>old");
    assert_string_equal(html_str(&h), "-3|4|5|-6|7|&lt;b&gt;|%");
    html_reset(&h);
    const char *volatile none = NULL; /* a NULL string writes nothing */
    html_printf(&h, "[%s]", none);
    assert_string_equal(html_str(&h), "[]");
    html_free(&h);
}

static void href_refuses_dangerous_schemes(void **state)
{
    (void)state;
    const char *bad[] = {"javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "//evil.example/x",
                         "/\\evil.example", "vbscript:x", "", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Html h;
        html_init(&h);
        html_href(&h, bad[i]);
        assert_string_equal(html_str(&h), "#");
        html_free(&h);
    }
    Html h;
    html_init(&h);
    html_href(&h, "/users?q=a&b=\"c\"");
    assert_string_equal(html_str(&h), "/users?q=a&amp;b=&quot;c&quot;");
    html_reset(&h);
    html_href(&h, "https://www.gov.uk/");
    assert_string_equal(html_str(&h), "https://www.gov.uk/");
    html_free(&h);
}

static void url_param_encodes_everything_unsafe(void **state)
{
    (void)state;
    Html h;
    html_init(&h);
    html_url_param(&h, "a b&c=d/é\"<");
    assert_string_equal(html_str(&h), "a%20b%26c%3Dd%2F%C3%A9%22%3C");
    html_free(&h);
}

static void append_and_literals(void **state)
{
    (void)state;
    Html a, b;
    html_init(&a);
    html_init(&b);
    html_lit(&a, "<ul>");
    html_printf(&b, "<li>%s</li>", "x<y");
    html_append(&a, &b);
    html_lit(&a, "</ul>");
    assert_string_equal(html_str(&a), "<ul><li>x&lt;y</li></ul>");
    assert_int_equal(html_len(&a), strlen("<ul><li>x&lt;y</li></ul>"));
    html_free(&a);
    html_free(&b);
}

/* Every route declares a permission and a handler. */
static void every_route_declares_a_permission(void **state)
{
    (void)state;
    char err[200];
    assert_int_equal(routes_check(err, sizeof err), 0);
    for (size_t i = 0; i < ROUTE_COUNT; i++) {
        assert_true(ROUTES[i].perm > PERM_NONE && ROUTES[i].perm < PERM_COUNT);
        assert_non_null(ROUTES[i].handler);
    }
}

static void route_matching(void **state)
{
    (void)state;
    Req r;
    memset(&r, 0, sizeof r);
    kv_init(&r.scratch_);
    int known;
    const Route *rt = route_match("GET", "/users/42/edit", &r, &known);
    assert_non_null(rt);
    assert_string_equal(rt->pattern, "/users/{id}/edit");
    assert_int_equal(r.nparams, 1);
    assert_string_equal(r.params[0], "42");
    assert_int_equal(route_match("DELETE", "/users/42/edit", &r, &known) == NULL, 1);
    assert_int_equal(known, 1); /* 405, not 404 */
    assert_null(route_match("GET", "/users/42/nope", &r, &known));
    assert_int_equal(known, 0);
    assert_null(route_match("GET", "/users//edit", &r, &known)); /* empty segment */
    rt = route_match("HEAD", "/login", &r, &known);
    assert_non_null(rt);
    assert_string_equal(rt->method, "GET");
    rt = route_match("GET", "/history/user/7", &r, &known);
    assert_non_null(rt);
    assert_string_equal(r.params[0], "user");
    assert_string_equal(r.params[1], "7");
    kv_free(&r.scratch_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(printf_escapes_strings_by_default), cmocka_unit_test(printf_numbers_and_slices),
        cmocka_unit_test(href_refuses_dangerous_schemes),    cmocka_unit_test(url_param_encodes_everything_unsafe),
        cmocka_unit_test(append_and_literals),               cmocka_unit_test(every_route_declares_a_permission),
        cmocka_unit_test(route_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
