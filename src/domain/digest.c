/*
 * digest.c - when the weekly email of a person's tasks is due. See digest.h.
 */
#include "domain/digest.h"

int digest_due(int64_t last_sent_at, int64_t now, int64_t period)
{
    return last_sent_at <= 0 || now - last_sent_at >= period || now < last_sent_at;
}
