/*
 * store/migrations.h - the schema's migrations kept outside migrations.c
 * (each is one SQL text, run once, in order; see RISE_MIGRATIONS).
 */
#ifndef RISE_STORE_MIGRATIONS_H
#define RISE_STORE_MIGRATIONS_H

extern const char RISE_MIGRATION_19[];
extern const char RISE_MIGRATION_20[];
extern const char RISE_MIGRATION_21[];
extern const char RISE_MIGRATION_22[];
extern const char RISE_MIGRATION_23[];

#endif
