/* onsite-board-model.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-store.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_BOARD_MODEL (onsite_board_model_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteBoardModel, onsite_board_model, ONSITE, BOARD_MODEL, GObject)

/**
 * OnsiteBoardFilter:
 * @statuses: bit (1 << #OnsiteTicketStatus) per status to show; 0 shows all
 * @priorities: bit (1 << priority) per priority to show; 0 shows all
 * @levels: bit (1 << support level) per level to show; 0 shows all
 * @sla_states: bit (1 << #OnsiteSlaState) per SLA state to show; 0 shows all
 *
 * What the dispatcher has narrowed the board down to, besides the search.
 */
typedef struct
{
  guint statuses;
  guint priorities;
  guint levels;
  guint sla_states;
} OnsiteBoardFilter;

OnsiteBoardModel *onsite_board_model_new              (OnsiteStore             *store);
OnsiteStore      *onsite_board_model_get_store        (OnsiteBoardModel        *self);
gboolean          onsite_board_model_reload           (OnsiteBoardModel        *self,
                                                       GError                 **error);
gboolean          onsite_board_model_set_search       (OnsiteBoardModel        *self,
                                                       const char              *text,
                                                       GError                 **error);
const char       *onsite_board_model_get_search       (OnsiteBoardModel        *self);
void              onsite_board_model_set_filter       (OnsiteBoardModel        *self,
                                                       const OnsiteBoardFilter *filter);
void              onsite_board_model_get_filter       (OnsiteBoardModel        *self,
                                                       OnsiteBoardFilter       *filter);
void              onsite_board_model_set_now          (OnsiteBoardModel        *self,
                                                       gint64                   now);
gint64            onsite_board_model_get_now          (OnsiteBoardModel        *self);
guint             onsite_board_model_get_n_total      (OnsiteBoardModel        *self);
gboolean          onsite_board_model_find             (OnsiteBoardModel        *self,
                                                       gint64                   ticket_id,
                                                       guint                   *position);
OnsiteTicket     *onsite_board_model_lookup           (OnsiteBoardModel        *self,
                                                       gint64                   ticket_id);

G_END_DECLS
