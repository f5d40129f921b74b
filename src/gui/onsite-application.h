/* onsite-application.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-store.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_APPLICATION (onsite_application_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteApplication, onsite_application, ONSITE, APPLICATION, AdwApplication)

OnsiteApplication *onsite_application_new          (GApplicationFlags  flags);
const char        *onsite_application_get_db_path  (OnsiteApplication *self);
void               onsite_application_set_db_path  (OnsiteApplication *self,
                                                    const char        *path);

G_END_DECLS
