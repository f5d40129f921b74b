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

GListModel        *onsite_store_vendor_scorecard              (OnsiteStore       *store,
                                                               gint64             from,
                                                               gint64             to,
                                                               gint64             now,
                                                               GError           **error);

G_END_DECLS
