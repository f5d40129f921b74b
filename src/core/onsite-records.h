/* onsite-records.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Plain records for the things that are written to the store more often than
 * they are bound to widgets. Strings are borrowed by the store while a call
 * runs; nothing here is kept.
 */

typedef struct
{
  const char *remote_id;
  const char *name;
  const char *address;
  const char *building;
  const char *floor;
  const char *room;
  gboolean    has_location;
  double      latitude;
  double      longitude;
} OnsiteSite;

typedef struct
{
  guint8 weekday;        /* 1 = Monday … 7 = Sunday, as GDateTime counts */
  guint16 start_minute;  /* minutes after midnight, local time */
  guint16 end_minute;
} OnsiteWorkPeriod;

typedef struct
{
  const char             *remote_id;
  const char             *name;
  const char             *email;
  const char             *phone;
  const char             *home_address;
  gboolean                has_home;
  double                  home_latitude;
  double                  home_longitude;
  const char * const     *skills;
  const OnsiteWorkPeriod *hours;
  gsize                   n_hours;
} OnsiteTechnician;

typedef struct
{
  const char *name;
  const char *role;
  const char *phone;
  const char *email;
  gboolean    escalation;
} OnsiteVendorContact;

typedef struct
{
  const char *number;
  gint64      valid_from;
  gint64      valid_until;
  int         response_minutes;
  int         resolution_minutes;
  const char *business_hours;     /* e.g. "mon-fri 08:00-18:00" */
  gboolean    pauses_sla;
  const char *holidays;           /* e.g. "2026-12-24, 12-25"; NULL for none */
  const char *timezone;           /* e.g. "Europe/Rome"; NULL for the computer's */
  const char * const *covers;     /* "category" or "category/product"; NULL:
                                   * all of the vendor's categories */
} OnsiteVendorContract;

typedef struct
{
  const char                 *remote_id;
  const char                 *name;
  const char                 *website;
  const char * const         *categories;
  const OnsiteVendorContact  *contacts;
  gsize                       n_contacts;
  const OnsiteVendorContract *contracts;
  gsize                       n_contracts;
} OnsiteVendor;

/**
 * OnsiteEvent:
 *
 * One line of a ticket's history, from the append-only event log.
 */
typedef struct
{
  gint64  id;
  gint64  ticket_id;
  gint64  at;
  char   *actor;
  char   *kind;
  char   *summary;
} OnsiteEvent;

void onsite_event_free (OnsiteEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteEvent, onsite_event_free)

G_END_DECLS
