/* onsite-handoff-dialog.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onsite-context.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_HANDOFF_DIALOG (onsite_handoff_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteHandoffDialog, onsite_handoff_dialog, ONSITE, HANDOFF_DIALOG, AdwWindow)

OnsiteHandoffDialog *onsite_handoff_dialog_new            (GtkWindow           *parent,
                                                           OnsiteContext       *context,
                                                           OnsiteTicket        *ticket);
gint64               onsite_handoff_dialog_get_handoff_id (OnsiteHandoffDialog *self);

void                 onsite_send_mail                     (GtkWidget           *widget,
                                                           AdwToastOverlay     *toasts,
                                                           const char          *to,
                                                           const char * const  *cc,
                                                           const char          *subject,
                                                           const char          *body);
void                 onsite_show_error_toast              (AdwToastOverlay     *toasts,
                                                           const GError        *error);
void                 onsite_show_toast                    (AdwToastOverlay     *toasts,
                                                           const char          *text);
const char          *onsite_actor_name                    (void);

G_END_DECLS
