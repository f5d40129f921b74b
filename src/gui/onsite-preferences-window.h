/* onsite-preferences-window.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-store.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_PREFERENCES_WINDOW (onsite_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OnsitePreferencesWindow, onsite_preferences_window, ONSITE, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *onsite_preferences_window_new (GtkWindow   *parent,
                                          OnsiteStore *store);

G_END_DECLS
