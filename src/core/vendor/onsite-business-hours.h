/* onsite-business-hours.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "onsite-vendor-types.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_BUSINESS_HOURS (onsite_business_hours_get_type ())

typedef struct _OnsiteBusinessHours OnsiteBusinessHours;

GType                 onsite_business_hours_get_type        (void) G_GNUC_CONST;
OnsiteBusinessHours  *onsite_business_hours_parse           (const char           *hours,
                                                             const char           *holidays,
                                                             GError              **error);
OnsiteBusinessHours  *onsite_business_hours_ref             (OnsiteBusinessHours  *self);
void                  onsite_business_hours_unref           (OnsiteBusinessHours  *self);

gboolean              onsite_business_hours_is_holiday      (OnsiteBusinessHours  *self,
                                                             int                   year,
                                                             int                   month,
                                                             int                   day);
gboolean              onsite_business_hours_contains        (OnsiteBusinessHours  *self,
                                                             GTimeZone            *tz,
                                                             gint64                at);
gint64                onsite_business_hours_add_minutes     (OnsiteBusinessHours  *self,
                                                             GTimeZone            *tz,
                                                             gint64                start,
                                                             gint64                minutes);
gint64                onsite_business_hours_seconds_between (OnsiteBusinessHours  *self,
                                                             GTimeZone            *tz,
                                                             gint64                from,
                                                             gint64                to);
char                 *onsite_business_hours_to_string       (OnsiteBusinessHours  *self);

GTimeZone            *onsite_time_zone_from_id              (const char           *id,
                                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteBusinessHours, onsite_business_hours_unref)

G_END_DECLS
