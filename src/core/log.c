/*
 * log.c - timestamped log lines on standard error. Each line is written with
 * one fprintf call, which stdio locks, so lines from worker threads do not
 * interleave.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static int quiet;

void log_set_quiet(int q)
{
    quiet = q;
}

void log_timestamp(char out[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char ts[32], msg[2048];
    log_timestamp(ts);
    vsnprintf(msg, sizeof msg, fmt, ap);
    fprintf(stderr, "%s %s %s\n", ts, level, msg);
}

void log_info(const char *fmt, ...)
{
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog("info", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("warn", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}
