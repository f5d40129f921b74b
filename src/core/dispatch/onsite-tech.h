/* onsite-tech.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-records.h"

G_BEGIN_DECLS

/**
 * OnsiteAbsence:
 * @id: the row in the store, or 0 for one made in memory
 * @starts_at: start, unix seconds
 * @ends_at: end, after @starts_at
 * @reason: (nullable): why, as a person wrote it ("Dentist", "Training")
 *
 * A time the technician is not available, on top of the weekly hours.
 */
typedef struct
{
  gint64  id;
  gint64  starts_at;
  gint64  ends_at;
  char   *reason;
} OnsiteAbsence;

#define ONSITE_TYPE_TECH (onsite_tech_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteTech, onsite_tech, ONSITE, TECH, GObject)

OnsiteTech             *onsite_tech_new               (gint64              id,
                                                       const char         *name);
gint64                  onsite_tech_get_id            (OnsiteTech         *self);
const char             *onsite_tech_get_remote_id     (OnsiteTech         *self);
void                    onsite_tech_set_remote_id     (OnsiteTech         *self,
                                                       const char         *remote_id);
const char             *onsite_tech_get_name          (OnsiteTech         *self);
void                    onsite_tech_set_name          (OnsiteTech         *self,
                                                       const char         *name);
const char             *onsite_tech_get_email         (OnsiteTech         *self);
void                    onsite_tech_set_email         (OnsiteTech         *self,
                                                       const char         *email);
const char             *onsite_tech_get_phone         (OnsiteTech         *self);
void                    onsite_tech_set_phone         (OnsiteTech         *self,
                                                       const char         *phone);
const char             *onsite_tech_get_home_address  (OnsiteTech         *self);
gboolean                onsite_tech_get_home          (OnsiteTech         *self,
                                                       double             *latitude,
                                                       double             *longitude);
void                    onsite_tech_set_home          (OnsiteTech         *self,
                                                       const char         *address,
                                                       gboolean            has_location,
                                                       double              latitude,
                                                       double              longitude);
gboolean                onsite_tech_get_active        (OnsiteTech         *self);
void                    onsite_tech_set_active        (OnsiteTech         *self,
                                                       gboolean            active);
const char * const     *onsite_tech_get_skills        (OnsiteTech         *self);
void                    onsite_tech_set_skills        (OnsiteTech         *self,
                                                       const char * const *skills);
gboolean                onsite_tech_has_skill         (OnsiteTech         *self,
                                                       const char         *skill);
char                   *onsite_tech_dup_skills_label  (OnsiteTech         *self);
const char             *onsite_tech_get_owner_name    (OnsiteTech         *self);

void                    onsite_tech_add_work_period   (OnsiteTech         *self,
                                                       guint               weekday,
                                                       guint               start_minute,
                                                       guint               end_minute);
void                    onsite_tech_clear_work_periods (OnsiteTech        *self);
const OnsiteWorkPeriod *onsite_tech_get_work_periods  (OnsiteTech         *self,
                                                       guint              *n_periods);
void                    onsite_tech_add_absence       (OnsiteTech         *self,
                                                       gint64              id,
                                                       gint64              starts_at,
                                                       gint64              ends_at,
                                                       const char         *reason);
const OnsiteAbsence    *onsite_tech_get_absences      (OnsiteTech         *self,
                                                       guint              *n_absences);

G_END_DECLS
