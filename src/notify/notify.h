/*
 * notify.h - a client for GOV.UK Notify's REST API, as Notify documents it
 * (https://docs.notifications.service.gov.uk/rest-api.html), and the JSON
 * Web Token it authenticates with.
 *
 * An API key is "name-SERVICEID-SECRET": the service id and the secret are
 * its last two UUIDs (36 characters each). Every request carries
 * "Authorization: Bearer JWT", the JWT being HS256 over the header
 * {"typ":"JWT","alg":"HS256"} and the claims {"iss": service id, "iat":
 * now}, signed with the secret (libsodium's HMAC-SHA-256).
 */
#ifndef RISE_NOTIFY_H
#define RISE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#define NOTIFY_UUID_LEN 36

/* Takes the service id and secret from an API key. 0, or -1 when the key
   does not end in two UUIDs. */
int notify_parse_key(const char *key, char service_id[NOTIFY_UUID_LEN + 1], char secret[NOTIFY_UUID_LEN + 1]);
/* 1 when s is a UUID in its 8-4-4-4-12 hexadecimal form. */
int notify_is_uuid(const char *s);

/* The token for (service id, secret) at time iat. 0, or -1 when out is too small. */
int notify_jwt(const char *service_id, const char *secret, int64_t iat, char *out, size_t n);
/* Checks a token as Notify does: the header, the signature, iss = service
   id and iat within 30 seconds of now. 0, or -1 with Notify's words in why. */
int notify_jwt_check(const char *token, const char *service_id, const char *secret, int64_t now, char *why,
                     size_t whylen);

typedef struct NotifyClient NotifyClient;

/* A client for base_url (e.g. https://api.notifications.service.gov.uk) and
   the given API key; NULL when the key is malformed. Call
   notify_global_init() once first, before any thread starts. */
void notify_global_init(void);
NotifyClient *notify_client_new(const char *base_url, const char *api_key);
void notify_client_free(NotifyClient *c);
/* While *cancel is non-zero, a request in progress is abandoned (no answer). */
void notify_client_set_cancel(NotifyClient *c, volatile int *cancel);

typedef struct NotifyResult {
    int http_status;      /* 0: no answer (refused, timed out) */
    char id[64];          /* the notification's id, when there is one */
    char status[40];      /* a notification's status (GET) */
    char error[512];      /* Notify's errors, or why there was no answer */
} NotifyResult;

/*
 * POST /v2/notifications/email with {email_address, template_id,
 * personalisation, reference}. *sent_body gets the request's JSON (to keep;
 * free it). Returns 0 when an answer came (see r->http_status), -1 when not.
 */
int notify_send_email(NotifyClient *c, const char *email, const char *template_id, const char *personalisation_json,
                      const char *reference, char **sent_body, NotifyResult *r);
/* GET /v2/notifications?reference=REF: r->id is the first notification's id,
   empty when Notify has none with that reference. */
int notify_find_by_reference(NotifyClient *c, const char *reference, NotifyResult *r);
/* GET /v2/notifications/{id}: r->status is its delivery status. */
int notify_get_notification(NotifyClient *c, const char *id, NotifyResult *r);

/* The stand-in server (notify/standin.c): speaks the same contract for
   `make run` and the tests. Runs until SIGINT/SIGTERM. */
int notify_standin_main(const char *listen_host, int port, const char *api_key);

#endif
