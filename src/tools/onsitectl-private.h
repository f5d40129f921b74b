/* onsitectl-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-store.h"

G_BEGIN_DECLS

/*
 * onsitectl is a table of commands (in onsitectl.c). A command lives in its
 * own onsitectl-<name>.c as
 *
 *   int onsitectl_cmd_<name> (OnsitectlContext *ctx, int argc, char **argv);
 *
 * declared below. argv[0] is the command's name and the rest its own
 * arguments, ready for onsitectl_parse_options(). A command returns the
 * exit status: 0, ONSITECTL_EXIT_FAILURE or ONSITECTL_EXIT_USAGE.
 */

#define ONSITECTL_EXIT_FAILURE 1
#define ONSITECTL_EXIT_USAGE   2

typedef struct
{
  /* --db, else $ONSITE_DB, else onsite_store_default_path(). */
  char        *db_path;
  /* Opened on first use by onsitectl_context_get_store(). */
  OnsiteStore *store;
  /* --json, given before the command or to it. */
  gboolean     json;
} OnsitectlContext;

OnsiteStore *onsitectl_context_get_store (OnsitectlContext    *ctx,
                                          GError             **error);

gboolean     onsitectl_parse_options     (OnsitectlContext    *ctx,
                                          const char          *parameter_string,
                                          const GOptionEntry  *entries,
                                          int                 *argc,
                                          char              ***argv);

int          onsitectl_fail              (const char          *format,
                                          ...) G_GNUC_PRINTF (1, 2);
int          onsitectl_fail_error        (const GError        *error);

char        *onsitectl_sanitize          (const char          *text);

/* The commands. */
int onsitectl_cmd_demo (OnsitectlContext *ctx, int argc, char **argv);
int onsitectl_cmd_list (OnsitectlContext *ctx, int argc, char **argv);
int onsitectl_cmd_sync (OnsitectlContext *ctx, int argc, char **argv);
int onsitectl_cmd_solve_vrptw (OnsitectlContext *ctx, int argc, char **argv);
int onsitectl_cmd_vendors (OnsitectlContext *ctx, int argc, char **argv);
int onsitectl_cmd_handoffs (OnsitectlContext *ctx, int argc, char **argv);
int onsitectl_cmd_export_ics (OnsitectlContext *ctx, int argc, char **argv);

G_END_DECLS
