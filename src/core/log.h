/*
 * log.h - one-line log messages to standard error, with a UTC timestamp.
 */
#ifndef RISE_LOG_H
#define RISE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes the current UTC time as 2026-01-31T12:34:56.789Z (25 bytes). */
void log_timestamp(char out[32]);
/* Silences info messages (the CLI's quiet mode and unit tests). */
void log_set_quiet(int quiet);

#endif
