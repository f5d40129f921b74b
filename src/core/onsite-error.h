/* onsite-error.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ONSITE_STORE_ERROR (onsite_store_error_quark ())

/**
 * OnsiteStoreError:
 * @ONSITE_STORE_ERROR_OPEN: the database file could not be opened or created
 * @ONSITE_STORE_ERROR_CORRUPT: the file is not an Onsite database, or is damaged
 * @ONSITE_STORE_ERROR_TOO_NEW: the database was written by a newer Onsite
 * @ONSITE_STORE_ERROR_INVALID: a value was refused (empty title, impossible
 *   coordinates, out-of-range priority…); nothing was written
 * @ONSITE_STORE_ERROR_NOT_FOUND: no such record
 * @ONSITE_STORE_ERROR_BUSY: another program holds the database locked
 * @ONSITE_STORE_ERROR_FULL: the disk is full
 * @ONSITE_STORE_ERROR_FAILED: any other SQLite failure
 *
 * Errors of the local store. Messages are sentences meant for people.
 */
typedef enum
{
  ONSITE_STORE_ERROR_OPEN,
  ONSITE_STORE_ERROR_CORRUPT,
  ONSITE_STORE_ERROR_TOO_NEW,
  ONSITE_STORE_ERROR_INVALID,
  ONSITE_STORE_ERROR_NOT_FOUND,
  ONSITE_STORE_ERROR_BUSY,
  ONSITE_STORE_ERROR_FULL,
  ONSITE_STORE_ERROR_FAILED,
} OnsiteStoreError;

GQuark onsite_store_error_quark (void);

G_END_DECLS
