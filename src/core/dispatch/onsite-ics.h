/* onsite-ics.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-store.h"
#include "onsite-tech.h"
#include "onsite-visit.h"

G_BEGIN_DECLS

char *onsite_ics_export_visits (OnsiteTech   *tech,
                                GPtrArray    *visits,
                                const char   *calendar_name,
                                GError      **error);
char *onsite_store_export_ics  (OnsiteStore  *store,
                                gint64        technician_id,
                                GDateTime    *date,
                                GError      **error);

G_END_DECLS
