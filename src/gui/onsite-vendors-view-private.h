/* onsite-vendors-view-private.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-vendors-view.h"

G_BEGIN_DECLS

/* What Import… does once a file is chosen; the UI tests call it because a
 * portal's file chooser cannot be driven under Xvfb. */
void _onsite_vendors_view_import_file (OnsiteVendorsView *self,
                                       GFile             *file);

G_END_DECLS
