/* onsite-vendor-score.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-store.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_VENDOR_SCORE (onsite_vendor_score_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteVendorScore, onsite_vendor_score, ONSITE, VENDOR_SCORE, GObject)

OnsiteVendorScore *onsite_vendor_score_compute                (GPtrArray         *handoffs,
                                                               gint64             vendor_id,
                                                               const char        *vendor_name,
                                                               gint64             now);
gint64             onsite_vendor_score_get_vendor_id          (OnsiteVendorScore *self);
const char        *onsite_vendor_score_get_vendor_name        (OnsiteVendorScore *self);
guint              onsite_vendor_score_get_handoffs           (OnsiteVendorScore *self);
guint              onsite_vendor_score_get_acknowledged       (OnsiteVendorScore *self);
guint              onsite_vendor_score_get_resolved           (OnsiteVendorScore *self);
guint              onsite_vendor_score_get_rejected           (OnsiteVendorScore *self);
gint64             onsite_vendor_score_get_median_acknowledge (OnsiteVendorScore *self);
gint64             onsite_vendor_score_get_median_resolve     (OnsiteVendorScore *self);
guint              onsite_vendor_score_get_within_contract    (OnsiteVendorScore *self);
guint              onsite_vendor_score_get_decided            (OnsiteVendorScore *self);
double             onsite_vendor_score_get_share_within       (OnsiteVendorScore *self);

/**
 * OnsiteScorePeriod:
 *
 * The periods a scorecard is shown for: rolling windows up to now, and
 * calendar months, quarters and years in a time zone. The order is the
 * order of the coordinator view's choices.
 */
typedef enum
{
  ONSITE_SCORE_PERIOD_LAST_30_DAYS,
  ONSITE_SCORE_PERIOD_LAST_90_DAYS,
  ONSITE_SCORE_PERIOD_LAST_365_DAYS,
  ONSITE_SCORE_PERIOD_THIS_MONTH,
  ONSITE_SCORE_PERIOD_LAST_MONTH,
  ONSITE_SCORE_PERIOD_THIS_QUARTER,
  ONSITE_SCORE_PERIOD_LAST_QUARTER,
  ONSITE_SCORE_PERIOD_THIS_YEAR,
  ONSITE_SCORE_PERIOD_LAST_YEAR,
  ONSITE_N_SCORE_PERIODS
} OnsiteScorePeriod;

void               onsite_score_period_get_range              (OnsiteScorePeriod  period,
                                                               gint64             now,
                                                               GTimeZone         *tz,
                                                               gint64            *from,
                                                               gint64            *to);

GListModel        *onsite_store_vendor_scorecard              (OnsiteStore       *store,
                                                               gint64             from,
                                                               gint64             to,
                                                               gint64             now,
                                                               GError           **error);

G_END_DECLS
