/* onsite-handoff-list.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-handoff.h"
#include "onsite-store.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_HANDOFF_LIST (onsite_handoff_list_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteHandoffList, onsite_handoff_list, ONSITE, HANDOFF_LIST, GObject)

/* For the state filter: every open case. */
#define ONSITE_HANDOFF_LIST_ANY_STATE (-1)

OnsiteHandoffList *onsite_handoff_list_new             (OnsiteStore        *store);
gboolean           onsite_handoff_list_reload          (OnsiteHandoffList  *self,
                                                        GError            **error);
gint64             onsite_handoff_list_get_now         (OnsiteHandoffList  *self);
void               onsite_handoff_list_set_now         (OnsiteHandoffList  *self,
                                                        gint64              now);
gint64             onsite_handoff_list_get_vendor_id   (OnsiteHandoffList  *self);
void               onsite_handoff_list_set_vendor_id   (OnsiteHandoffList  *self,
                                                        gint64              vendor_id);
gint64             onsite_handoff_list_get_contract_id (OnsiteHandoffList  *self);
void               onsite_handoff_list_set_contract_id (OnsiteHandoffList  *self,
                                                        gint64              contract_id);
int                onsite_handoff_list_get_state       (OnsiteHandoffList  *self);
void               onsite_handoff_list_set_state       (OnsiteHandoffList  *self,
                                                        int                 state);
guint              onsite_handoff_list_get_n_overdue   (OnsiteHandoffList  *self);

G_END_DECLS
