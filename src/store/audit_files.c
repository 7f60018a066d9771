/*
 * audit_files.c - the two files that anchor the audit trail outside the
 * database: the key file and the checkpoint log. See audit.h and
 * audit_internal.h.
 *
 * The key file holds 32 random bytes as 64 hex digits and a newline, mode
 * 0600. It is made once, atomically (written to a temporary file, then
 * link(2)ed into place, so that two processes starting together agree on one
 * key), and never rewritten.
 *
 * The checkpoint log is appended to, never rewritten. Each line carries its
 * own MAC, so a line cannot be forged or edited without the key; lines can
 * only be lost, and verify says so when the database holds fewer rows than
 * the log records. Lines are written after the transaction commits and are
 * not fsync'd: after a power cut the log can lag behind the database (which
 * verify accepts) but never run ahead of it (which would look like deleted
 * rows).
 */
#include "store/audit_internal.h"

#include "core/buf.h"
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int audit_is_memory(const char *p)
{
    return !p || !*p || strcmp(p, ":memory:") == 0 || strncmp(p, "file::memory:", 13) == 0;
}

void audit_key_set_id(AuditKey *k)
{
    static const char WHAT[] = "rise audit key id";
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)WHAT, sizeof WHAT - 1, k->bytes, sizeof k->bytes);
    sodium_bin2hex(k->id, sizeof k->id, h, sizeof h);
}

int audit_key_read(const char *path, AuditKey *k, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "cannot read the audit key %s: %s", path, strerror(errno));
        return -1;
    }
    char text[130];
    ssize_t n = read(fd, text, sizeof text - 1);
    struct stat sb;
    int loose = fstat(fd, &sb) == 0 && (sb.st_mode & 077);
    close(fd);
    if (n < 0) {
        snprintf(err, errlen, "cannot read the audit key %s: %s", path, strerror(errno));
        return -1;
    }
    text[n] = '\0';
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
        text[--n] = '\0';
    size_t got = 0;
    if (n != 2 * AUDIT_KEY_BYTES ||
        sodium_hex2bin(k->bytes, sizeof k->bytes, text, (size_t)n, NULL, &got, NULL) != 0 ||
        got != AUDIT_KEY_BYTES) {
        snprintf(err, errlen, "%s is not an audit key (it must be 64 hexadecimal digits)", path);
        sodium_memzero(text, sizeof text);
        return -1;
    }
    sodium_memzero(text, sizeof text);
    if (loose)
        log_warn("the audit key %s can be read by other users: chmod 600 it", path);
    audit_key_set_id(k);
    return 1;
}

/* fsyncs the folder holding path, so that a new name survives a power cut */
static void sync_dir_of(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int audit_key_create(const char *path, AuditKey *k, char *err, size_t errlen)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.new-%ld-%08x", path, (long)getpid(), randombytes_random());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create the audit key %s: %s", tmp, strerror(errno));
        return -1;
    }
    randombytes_buf(k->bytes, sizeof k->bytes);
    char text[2 * AUDIT_KEY_BYTES + 2];
    sodium_bin2hex(text, sizeof text, k->bytes, sizeof k->bytes);
    size_t len = strlen(text);
    text[len++] = '\n';
    int ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
    sodium_memzero(text, sizeof text);
    ok = close(fd) == 0 && ok;
    if (!ok) {
        snprintf(err, errlen, "cannot write the audit key %s: %s", tmp, strerror(errno));
        unlink(tmp);
        return -1;
    }
    /* link, not rename: it fails rather than replace a key another process made */
    int linked = link(tmp, path);
    int link_errno = errno;
    unlink(tmp);
    if (linked != 0) {
        if (link_errno == EEXIST)
            return audit_key_read(path, k, err, errlen) == 1 ? 0 : -1;
        snprintf(err, errlen, "cannot create the audit key %s: %s", path, strerror(link_errno));
        return -1;
    }
    sync_dir_of(path);
    audit_key_set_id(k);
    log_info("made a new audit key %s (key id %s): back it up apart from the database", path, k->id);
    return 0;
}

/* --- the checkpoint log ---------------------------------------------------- */

static const char *const KIND_WORD[] = {"checkpoint", "anchor"};

static void line_mac(const AuditKey *k, const char *body, size_t n, char out[65])
{
    static const char CTX[] = "rise-audit-log\n";
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state s;
    crypto_auth_hmacsha256_init(&s, k->bytes, sizeof k->bytes);
    crypto_auth_hmacsha256_update(&s, (const unsigned char *)CTX, sizeof CTX - 1);
    crypto_auth_hmacsha256_update(&s, (const unsigned char *)body, n);
    crypto_auth_hmacsha256_final(&s, mac);
    sodium_bin2hex(out, 65, mac, sizeof mac);
}

int audit_log_append(const char *path, const AuditKey *k, AuditLogKind kind, int64_t n, const char *hex)
{
    char at[32], body[256], mac[65], line[340];
    log_timestamp(at);
    int len = snprintf(body, sizeof body, "rise-audit 1 %s %lld %s %s", KIND_WORD[kind], (long long)n, hex, at);
    line_mac(k, body, (size_t)len, mac);
    len = snprintf(line, sizeof line, "%s %s\n", body, mac);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        log_error("cannot open the audit checkpoint log %s: %s", path, strerror(errno));
        return -1;
    }
    ssize_t w = write(fd, line, (size_t)len);
    int e = errno;
    close(fd);
    if (w != len) {
        log_error("cannot write to the audit checkpoint log %s: %s", path, w < 0 ? strerror(e) : "short write");
        return -1;
    }
    return 0;
}

/* Parses and checks one line (without its newline). 1 when it is an entry this key wrote. */
static int parse_line(const AuditKey *k, char *s, AuditLogEntry *e)
{
    char *last = strrchr(s, ' ');
    if (!last || strlen(last + 1) != 64)
        return 0;
    char want[65];
    line_mac(k, s, (size_t)(last - s), want);
    if (sodium_memcmp(want, last + 1, 64) != 0)
        return 0;
    *last = '\0';
    char kind[16], hex[80], at[40];
    long long n;
    if (sscanf(s, "rise-audit 1 %15s %lld %79s %39s", kind, &n, hex, at) != 4 || strlen(hex) > 64 ||
        strlen(at) > 31)
        return 0;
    if (strcmp(kind, "checkpoint") == 0)
        e->kind = AUDIT_LOG_CHECKPOINT;
    else if (strcmp(kind, "anchor") == 0)
        e->kind = AUDIT_LOG_ANCHOR;
    else
        return 0;
    e->n = n;
    memcpy(e->hex, hex, strlen(hex) + 1); /* lengths checked above */
    memcpy(e->at, at, strlen(at) + 1);
    return 1;
}

int audit_log_load(const char *path, const AuditKey *k, AuditLog *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "re");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        log_error("cannot read the audit checkpoint log %s: %s", path, strerror(errno));
        return -1;
    }
    out->exists = 1;
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int64_t no = 0;
    while ((len = getline(&line, &lcap, f)) >= 0) {
        no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        AuditLogEntry e = {.line = no};
        if (len > 400 || !parse_line(k, line, &e)) {
            if (out->bad < 8)
                out->bad_lines[out->bad] = no;
            out->bad++;
            continue;
        }
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            out->e = xrealloc(out->e, cap * sizeof *out->e);
        }
        out->e[out->n++] = e;
    }
    free(line);
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    return rc;
}

void audit_log_free(AuditLog *l)
{
    free(l->e);
    memset(l, 0, sizeof *l);
}

int64_t audit_log_last_checkpoint(const char *path, const AuditKey *k)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    int64_t best = 0;
    if (fseeko(f, 0, SEEK_END) == 0) {
        off_t size = ftello(f);
        off_t from = size > 65536 ? size - 65536 : 0;
        if (fseeko(f, from, SEEK_SET) == 0) {
            char *line = NULL;
            size_t lcap = 0;
            ssize_t len;
            int first = from > 0; /* the first line read may be cut: skip it */
            while ((len = getline(&line, &lcap, f)) >= 0) {
                if (first) {
                    first = 0;
                    continue;
                }
                while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                    line[--len] = '\0';
                AuditLogEntry e;
                if (len < 400 && parse_line(k, line, &e) && e.kind == AUDIT_LOG_CHECKPOINT && e.n > best)
                    best = e.n;
            }
            free(line);
        }
    }
    fclose(f);
    return best;
}

/*
 * The backup's log: the anchor lines, and the checkpoints of rows the backup
 * holds. Lines are copied as they are (each carries its own MAC), so no key
 * is needed to make the copy.
 */
int audit_backup_log(const char *from_db, const char *to_db, int64_t upto_id, char *err, size_t errlen)
{
    if (audit_is_memory(from_db))
        return 0;
    char from[4200], to[4200];
    audit_log_path(from_db, from, sizeof from);
    snprintf(to, sizeof to, "%s.audit-log", to_db);
    FILE *in = fopen(from, "re");
    if (!in)
        return errno == ENOENT ? 0 : (snprintf(err, errlen, "cannot read %s: %s", from, strerror(errno)), -1);
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *outf = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!outf) {
        snprintf(err, errlen, "cannot create %s: %s", to, strerror(errno));
        if (fd >= 0)
            close(fd);
        fclose(in);
        return -1;
    }
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, in) >= 0) {
        char kind[16];
        long long n;
        if (sscanf(line, "rise-audit 1 %15s %lld", kind, &n) == 2 && strcmp(kind, "checkpoint") == 0 && n > upto_id)
            continue;
        fputs(line, outf);
    }
    free(line);
    int bad = ferror(in);
    fclose(in);
    bad |= fflush(outf) != 0 || fsync(fileno(outf)) != 0;
    bad |= fclose(outf) != 0;
    if (bad) {
        snprintf(err, errlen, "cannot copy the audit checkpoint log to %s", to);
        unlink(to);
        return -1;
    }
    return 0;
}
