/*
 * external.c - invitations and external accounts' expiry. See external.h.
 */
#include "domain/external.h"

#include <stdlib.h>

InvitationState invitation_state(int64_t used_at, int64_t withdrawn_at, int64_t expires_at, int64_t now)
{
    if (used_at > 0)
        return INVITATION_ACCEPTED;
    if (withdrawn_at > 0)
        return INVITATION_WITHDRAWN;
    if (now >= expires_at)
        return INVITATION_EXPIRED;
    return INVITATION_OPEN;
}

const char *invitation_state_label(InvitationState s)
{
    switch (s) {
    case INVITATION_OPEN: return "Waiting to be accepted";
    case INVITATION_ACCEPTED: return "Accepted";
    case INVITATION_EXPIRED: return "Expired";
    case INVITATION_WITHDRAWN: return "Withdrawn";
    }
    return "Unknown";
}

ExternalAction external_account_action(int on_open_case, int64_t created_at, int64_t notice_at, int64_t now,
                                       int64_t grace_s)
{
    if (on_open_case)
        return notice_at > 0 ? EXTERNAL_CLEAR : EXTERNAL_KEEP;
    if (notice_at > 0)
        return now >= notice_at + grace_s ? EXTERNAL_DISABLE : EXTERNAL_KEEP;
    if (now < created_at + grace_s)
        return EXTERNAL_KEEP;
    return EXTERNAL_NOTICE;
}

int64_t external_grace_days_parse(const char *text)
{
    if (!text || !*text)
        return EXTERNAL_GRACE_DAYS_DEFAULT;
    char *end;
    long long v = strtoll(text, &end, 10);
    if (*end || v < 1 || v > 365)
        return EXTERNAL_GRACE_DAYS_DEFAULT;
    return (int64_t)v;
}
