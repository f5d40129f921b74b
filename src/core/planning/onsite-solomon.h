/* onsite-solomon.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-plan.h"

G_BEGIN_DECLS

OnsitePlanProblem *onsite_solomon_parse (const char  *text,
                                         gssize       length,
                                         char       **name,
                                         GError     **error);
OnsitePlanProblem *onsite_solomon_load  (const char  *path,
                                         char       **name,
                                         GError     **error);

G_END_DECLS
