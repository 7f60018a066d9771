/*
 * dateinput.h - reading GOV.UK's day, month and year boxes, with the
 * Design System's error messages (design-system.service.gov.uk, "Date
 * input", "Error messages"). Pure: no I/O.
 *
 *  D1 nothing entered: "Enter <label>" (the caller decides whether a blank
 *     date is allowed).
 *  D2 some boxes empty: "<Label> must include a day", "... a month",
 *     "... a year", "... a day and month", "... a day and year",
 *     "... a month and year"; the empty boxes are highlighted.
 *  D3 a year that is not 4 numbers: "Year must include 4 numbers".
 *  D4 anything else that is not a date (a day 31 in April, month 13,
 *     letters): "<Label> must be a real date"; the wrong boxes are
 *     highlighted where that can be told (the month when it is not 1-12,
 *     the day when it does not exist in that month), else all three.
 *  The month may also be written as a name or its first three letters
 *  ("March", "mar"), as the Design System recommends accepting.
 */
#ifndef RISE_DATEINPUT_H
#define RISE_DATEINPUT_H

#include <stddef.h>

enum { DATE_PART_DAY = 1, DATE_PART_MONTH = 2, DATE_PART_YEAR = 4 };

typedef enum DateInputResult {
    DATE_INPUT_OK = 0,    /* iso holds the date */
    DATE_INPUT_EMPTY = 1, /* nothing entered; msg holds "Enter <label>" */
    DATE_INPUT_BAD = 2,   /* msg holds the message; *parts the boxes to highlight */
} DateInputResult;

/*
 * Reads the three boxes (NULL is empty; spaces around are ignored). label
 * names the date in the middle of a sentence, in lower case ("the date the
 * case was paused"); messages start it with a capital.
 */
DateInputResult date_input_read(const char *day, const char *month, const char *year, const char *label,
                                char iso[11], char *msg, size_t msglen, unsigned *parts);

#endif
