/* onsite-demo.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-store.h"

G_BEGIN_DECLS

/**
 * ONSITE_DEMO_DEFAULT_SEED:
 *
 * The seed of the demo data everyone sees, so that a screenshot, a bug
 * report and a benchmark all talk about the same tickets.
 */
#define ONSITE_DEMO_DEFAULT_SEED 20261123

/**
 * ONSITE_DEMO_OPEN_DEFAULT:
 *
 * Value of #OnsiteDemoOptions.n_open meaning "nearly all": one ticket in
 * twenty is already resolved or closed.
 */
#define ONSITE_DEMO_OPEN_DEFAULT G_MAXUINT

/**
 * OnsiteDemoOptions:
 * @n_tickets: how many tickets to create
 * @n_open: how many of them are still open (at most @n_tickets), or
 *   %ONSITE_DEMO_OPEN_DEFAULT
 * @seed: the seed of the random choices; the same options give the same
 *   database content
 * @now: the reference time in seconds since the epoch (SLA states are
 *   spread around it), or 0 for the current time
 * @n_technicians: how many technicians to create
 * @n_vendors: how many vendors to create (at most 8)
 * @visits: whether the scheduled tickets get their visits, today's and the
 *   next working days' (the default); %FALSE leaves the day empty, for
 *   planning it from scratch
 * @handoffs: whether some level-3 tickets are with vendors, at every step
 *   of a vendor case (the default; needs vendors)
 *
 * What onsite_demo_fill() creates. Start from onsite_demo_options_init().
 */
typedef struct
{
  guint   n_tickets;
  guint   n_open;
  guint32 seed;
  gint64  now;
  guint   n_technicians;
  guint   n_vendors;
  gboolean visits;
  gboolean handoffs;
} OnsiteDemoOptions;

void     onsite_demo_options_init (OnsiteDemoOptions        *options);
gboolean onsite_demo_fill         (OnsiteStore              *store,
                                   const OnsiteDemoOptions  *options,
                                   GError                  **error);

G_END_DECLS
