/* onsite-vendor-info-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-vendor-info.h"

G_BEGIN_DECLS

/* The store fills these in directly; nobody else writes to them. */

struct _OnsiteVendorContactInfo
{
  GObject   parent_instance;

  gint64    id;
  gint64    vendor_id;
  char     *name;
  char     *role;
  char     *phone;
  char     *email;
  gboolean  escalation;
};

struct _OnsiteVendorContractInfo
{
  GObject   parent_instance;

  gint64    id;
  gint64    vendor_id;
  char     *number;
  gint64    valid_from;
  gint64    valid_until;
  int       response_minutes;
  int       resolution_minutes;
  char     *business_hours;
  char     *holidays;
  char     *timezone;
  gboolean  pauses_sla;
  GStrv     covers;          /* "category" or "category/product" */
};

struct _OnsiteVendorInfo
{
  GObject     parent_instance;

  gint64      id;
  char       *remote_id;
  char       *name;
  char       *website;
  GStrv       categories;
  GListStore *contacts;
  GListStore *contracts;
};

G_END_DECLS
