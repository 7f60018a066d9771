/*
 * test_csv.c - the CSV reader on the shapes real GIAS and Ofsted files take:
 * quoted commas and line breaks, CRLF, a byte-order mark, Windows-1252
 * accents, a blank leading index column, and malformed files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static CsvReader *mem(const char *s)
{
    return csv_open_mem(s, strlen(s));
}

static void quoted_fields_and_line_numbers(void **state)
{
    (void)state;
    CsvReader *r = mem("URN,Name,Town\r\n100000,\"Smith, Jones \"\"and\"\" Co\",London\r\n"
                       "100001,\"Two\nLines\",Leeds\r\n100002,,\n");
    CsvRow row;
    char err[128];
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_int_equal(row.n, 3);
    assert_string_equal(row.fields[2], "Town");
    assert_int_equal(row.line, 1);
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_string_equal(row.fields[1], "Smith, Jones \"and\" Co");
    assert_int_equal(row.line, 2);
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_string_equal(row.fields[1], "Two\nLines");
    assert_int_equal(row.line, 3);
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_int_equal(row.line, 5); /* the quoted line break moved it on */
    assert_int_equal(row.n, 3);
    assert_string_equal(row.fields[1], "");
    assert_string_equal(row.fields[2], "");
    assert_int_equal(csv_next(r, &row, err, sizeof err), 0);
    csv_close(r);
}

static void utf8_with_bom(void **state)
{
    (void)state;
    CsvReader *r = mem("\xEF\xBB\xBFURN,Name\n1,Ysgol Gymraeg Bro Dinefwr \xC3\xA9\n");
    assert_int_equal(csv_encoding(r), CSV_UTF8);
    CsvRow row;
    char err[128];
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_string_equal(row.fields[0], "URN"); /* the byte-order mark is not part of the header */
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_string_equal(row.fields[1], "Ysgol Gymraeg Bro Dinefwr \xC3\xA9");
    csv_close(r);
}

/* A real GIAS download is Windows-1252: "St Thérèse's" arrives as E9 and E8. */
static void windows_1252_detected_and_converted(void **state)
{
    (void)state;
    CsvReader *r = mem("URN,EstablishmentName\n123,St Th\xE9r\xE8se\x92s Catholic Primary\n");
    assert_int_equal(csv_encoding(r), CSV_WINDOWS_1252);
    CsvRow row;
    char err[128];
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_string_equal(row.fields[1], "St Th\xC3\xA9r\xC3\xA8se\xE2\x80\x99s Catholic Primary");
    csv_close(r);
}

static void unterminated_quote_is_an_error(void **state)
{
    (void)state;
    CsvReader *r = mem("a,b\n1,\"never closed\n2,3\n");
    CsvRow row;
    char err[128];
    assert_int_equal(csv_next(r, &row, err, sizeof err), 1);
    assert_int_equal(csv_next(r, &row, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2"));
    csv_close(r);
}

static void binary_file_is_an_error(void **state)
{
    (void)state;
    const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    CsvReader *r = csv_open_mem(png, sizeof png - 1);
    CsvRow row;
    char err[128];
    int rc;
    while ((rc = csv_next(r, &row, err, sizeof err)) == 1)
        ;
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "NUL"));
    csv_close(r);
}

static void header_normalisation(void **state)
{
    (void)state;
    char out[64];
    csv_norm_header("LA (code)", out, sizeof out);
    assert_string_equal(out, "lacode");
    csv_norm_header("TypeOfEstablishment (name)", out, sizeof out);
    assert_string_equal(out, "typeofestablishmentname");
    csv_norm_header(" Inspection Date ", out, sizeof out);
    assert_string_equal(out, "inspectiondate");
    csv_norm_header("Group UID", out, sizeof out);
    assert_string_equal(out, "groupuid");
}

static void missing_file(void **state)
{
    (void)state;
    char err[256];
    assert_null(csv_open("/nonexistent/file.csv", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/file.csv"));
}

/* When the shared data is there, every GIAS row reads with 135 fields. */
static void real_gias_file(void **state)
{
    (void)state;
    const char *path = "../../../shared/data/gias/edubasealldata_20250718.csv";
    char alt[512];
    const char *src = getenv("RISE_SOURCE_DIR");
    if (src) {
        snprintf(alt, sizeof alt, "%s/../shared/data/gias/edubasealldata_20250718.csv", src);
        path = alt;
    }
    if (access(path, R_OK) != 0)
        skip();
    char err[256];
    CsvReader *r = csv_open(path, err, sizeof err);
    assert_non_null(r);
    CsvRow row;
    long rows = 0;
    size_t width = 0;
    int rc;
    while ((rc = csv_next(r, &row, err, sizeof err)) == 1) {
        if (rows == 0)
            width = row.n;
        else
            assert_int_equal(row.n, width);
        rows++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(rows, 51867); /* header + 51,866 establishments */
    csv_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoted_fields_and_line_numbers), cmocka_unit_test(utf8_with_bom),
        cmocka_unit_test(windows_1252_detected_and_converted), cmocka_unit_test(unterminated_quote_is_an_error),
        cmocka_unit_test(binary_file_is_an_error),        cmocka_unit_test(header_normalisation),
        cmocka_unit_test(missing_file),                   cmocka_unit_test(real_gias_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
