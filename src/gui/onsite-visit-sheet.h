/* onsite-visit-sheet.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onsite-ticket.h"
#include "dispatch/onsite-visit.h"

G_BEGIN_DECLS

#define ONSITE_TYPE_VISIT_SHEET (onsite_visit_sheet_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteVisitSheet, onsite_visit_sheet, ONSITE, VISIT_SHEET, GObject)

OnsiteVisitSheet *onsite_visit_sheet_new        (OnsiteTicket      *ticket,
                                                 OnsiteVisit       *visit,
                                                 const char        *technician_name);
guint             onsite_visit_sheet_render     (OnsiteVisitSheet  *self,
                                                 cairo_t           *cr,
                                                 double             width,
                                                 double             height,
                                                 int                page);
gboolean          onsite_visit_sheet_export_pdf (OnsiteVisitSheet  *self,
                                                 const char        *path,
                                                 const char        *paper_name,
                                                 guint             *n_pages,
                                                 GError           **error);
void              onsite_visit_sheet_print      (OnsiteVisitSheet  *self,
                                                 GtkWindow         *parent);

G_END_DECLS
