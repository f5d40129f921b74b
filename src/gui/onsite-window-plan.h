/* onsite-window-plan.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void _onsite_window_plan_actions_init (GtkWidgetClass *klass);

G_END_DECLS
