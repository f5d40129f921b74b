/* onsite-visit-sheet.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-visit-sheet"

#include "config.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <glib/gi18n.h>
#include <string.h>

#include "onsite-visit-sheet.h"

/*
 * The paper a technician takes to a visit: where to go, whom to ask for,
 * what is wrong, a checklist, lines for notes and a place for the
 * customer's signature. One drawing routine serves the print dialog
 * (GtkPrintOperation) and the PDF export (a cairo PDF surface), so what is
 * tested is what is printed.
 *
 * All ticket text is laid out with pango_layout_set_text(): it is never
 * markup. A long problem description flows onto further pages line by
 * line; the checklist and the signature block are never split.
 */

/* Sizes in points: the cairo context is in points for both paths. */
#define MARGIN        36.0
#define GAP           10.0
#define KEY_WIDTH     96.0
#define BOX_SIZE      10.0
#define NOTE_LINES    6
#define NOTE_SPACING  22.0
#define FOOTER_HEIGHT 18.0

/* More than this is a pasted log, not a problem description. */
#define MAX_DESCRIPTION 60000

struct _OnsiteVisitSheet
{
  GObject       parent_instance;

  OnsiteTicket *ticket;
  OnsiteVisit  *visit;
  char         *technician_name;
};

G_DEFINE_FINAL_TYPE (OnsiteVisitSheet, onsite_visit_sheet, G_TYPE_OBJECT)

/* Where the flow of blocks is on the paper. */
typedef struct
{
  cairo_t      *cr;
  PangoContext *pango;
  double        width;
  double        height;
  double        y;
  int           page;       /* the page being filled, from 0 */
  int           draw_page;  /* the page to draw, or -1 to measure only */
  int           n_pages;    /* the total, once measured, else 0 */
} Flow;

static void
onsite_visit_sheet_finalize (GObject *object)
{
  OnsiteVisitSheet *self = (OnsiteVisitSheet *)object;

  g_clear_object (&self->ticket);
  g_clear_object (&self->visit);
  g_clear_pointer (&self->technician_name, g_free);

  G_OBJECT_CLASS (onsite_visit_sheet_parent_class)->finalize (object);
}

static void
onsite_visit_sheet_class_init (OnsiteVisitSheetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = onsite_visit_sheet_finalize;
}

static void
onsite_visit_sheet_init (OnsiteVisitSheet *self)
{
}

/**
 * onsite_visit_sheet_new:
 * @ticket: the ticket
 * @visit: (nullable): its planned visit
 * @technician_name: (nullable): who goes
 *
 * Returns: (transfer full): a sheet to print or export
 */
OnsiteVisitSheet *
onsite_visit_sheet_new (OnsiteTicket *ticket,
                        OnsiteVisit  *visit,
                        const char   *technician_name)
{
  OnsiteVisitSheet *self;

  g_return_val_if_fail (ONSITE_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (!visit || ONSITE_IS_VISIT (visit), NULL);

  self = g_object_new (ONSITE_TYPE_VISIT_SHEET, NULL);
  self->ticket = g_object_ref (ticket);
  self->visit = visit ? g_object_ref (visit) : NULL;
  self->technician_name = g_strdup (technician_name);

  return self;
}

static PangoLayout *
make_layout (Flow       *flow,
             const char *text,
             const char *font,
             double      width)
{
  PangoLayout *layout = pango_layout_new (flow->pango);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text ? text : "", -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double)h / PANGO_SCALE;
}

/* Makes room for a block of @height: on a new page when it does not fit
 * (unless the page is empty: a block taller than a page is drawn anyway).
 * Returns whether the block is on the page being drawn. */
static gboolean
place (Flow   *flow,
       double  height)
{
  if (flow->y + height > flow->height - FOOTER_HEIGHT && flow->y > 0)
    {
      flow->page++;
      flow->y = 0;
    }

  return flow->page == flow->draw_page;
}

static void
show_layout (Flow        *flow,
             PangoLayout *layout,
             double       x)
{
  cairo_move_to (flow->cr, x, flow->y);
  pango_cairo_show_layout (flow->cr, layout);
}

static void
add_text (Flow       *flow,
          const char *text,
          const char *font,
          double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (flow, text, font, flow->width);
  double h = layout_height (layout);

  if (place (flow, h))
    show_layout (flow, layout, 0);
  flow->y += h + space_after;
}

static void
add_heading (Flow       *flow,
             const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (flow, text, "Sans Bold 11", flow->width);
  double h = layout_height (layout);

  /* A heading is never the last thing on a page: keep room for a line. */
  if (place (flow, h + 30))
    {
      show_layout (flow, layout, 0);
      cairo_set_line_width (flow->cr, 0.75);
      cairo_move_to (flow->cr, 0, flow->y + h + 2);
      cairo_line_to (flow->cr, flow->width, flow->y + h + 2);
      cairo_stroke (flow->cr);
    }
  flow->y += h + 8;
}

static void
add_fact (Flow       *flow,
          const char *key,
          const char *value)
{
  g_autoptr(PangoLayout) key_layout = NULL;
  g_autoptr(PangoLayout) value_layout = NULL;
  double h;

  if (value == NULL || *value == '\0')
    return;

  key_layout = make_layout (flow, key, "Sans Bold 9.5", KEY_WIDTH - 6);
  value_layout = make_layout (flow, value, "Sans 9.5", flow->width - KEY_WIDTH);
  h = MAX (layout_height (key_layout), layout_height (value_layout));

  if (place (flow, h))
    {
      show_layout (flow, key_layout, 0);
      show_layout (flow, value_layout, KEY_WIDTH);
    }
  flow->y += h + 4;
}

/* Wrapped plain text that may run over several pages, a line at a time. */
static void
add_long_text (Flow       *flow,
               const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (flow, text, "Sans 10", flow->width);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      int baseline = pango_layout_iter_get_baseline (iter);
      double h, ascent;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      h = (double)logical.height / PANGO_SCALE;
      ascent = (double)(baseline - logical.y) / PANGO_SCALE;

      if (place (flow, h))
        {
          cairo_move_to (flow->cr, (double)logical.x / PANGO_SCALE, flow->y + ascent);
          pango_cairo_show_layout_line (flow->cr, line);
        }
      flow->y += h;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
  flow->y += GAP;
}

static void
add_check (Flow       *flow,
           const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (flow, text, "Sans 10", flow->width - BOX_SIZE - 8);
  double h = MAX (layout_height (layout), BOX_SIZE) + 6;

  if (place (flow, h))
    {
      cairo_set_line_width (flow->cr, 1.0);
      cairo_rectangle (flow->cr, 0.5, flow->y + 1.5, BOX_SIZE, BOX_SIZE);
      cairo_stroke (flow->cr);
      show_layout (flow, layout, BOX_SIZE + 8);
    }
  flow->y += h;
}

static void
draw_rule (Flow   *flow,
           double  x,
           double  to)
{
  cairo_set_line_width (flow->cr, 0.5);
  cairo_move_to (flow->cr, x, flow->y);
  cairo_line_to (flow->cr, to, flow->y);
  cairo_stroke (flow->cr);
}

static void
add_note_lines (Flow *flow)
{
  double h = NOTE_LINES * NOTE_SPACING;

  if (place (flow, h))
    {
      double y = flow->y;

      for (guint i = 1; i <= NOTE_LINES; i++)
        {
          flow->y = y + i * NOTE_SPACING;
          draw_rule (flow, 0, flow->width);
        }
      flow->y = y;
    }
  flow->y += h + GAP;
}

static void
add_signature (Flow *flow)
{
  const char *labels[] = { N_("Customer name"), N_("Signature"), N_("Date and time") };
  double column = (flow->width - 2 * 16) / 3;
  double h = 44;

  if (place (flow, h))
    {
      double y = flow->y;

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        {
          g_autoptr(PangoLayout) layout = make_layout (flow, _(labels[i]), "Sans 8.5", column);
          double x = i * (column + 16);

          flow->y = y + 26;
          draw_rule (flow, x, x + column);
          flow->y = y + 29;
          show_layout (flow, layout, x);
        }
      flow->y = y;
    }
  flow->y += h;
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_local (when);
  /* Translators: a date and time, see the GDateTime format documentation */
  return g_date_time_format (dt, _("%a %e %b %Y, %H:%M"));
}

static char *
dup_where (OnsiteTicket *ticket)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *building = onsite_ticket_get_building (ticket);
  const char *floor = onsite_ticket_get_floor (ticket);
  const char *room = onsite_ticket_get_room (ticket);

  /* Services write "Floor 6" or just "6": a bare value gets its name. */
  if (building && *building)
    g_ptr_array_add (parts, g_ascii_isdigit (*building) || strlen (building) <= 2
                            /* Translators: on a visit sheet, "Building B" */
                            ? g_strdup_printf (_("Building %s"), building) : g_strdup (building));
  if (floor && *floor)
    g_ptr_array_add (parts, g_ascii_isdigit (*floor) || *floor == '-'
                            /* Translators: on a visit sheet, "Floor 6" */
                            ? g_strdup_printf (_("Floor %s"), floor) : g_strdup (floor));
  if (room && *room)
    g_ptr_array_add (parts, g_ascii_isdigit (*room)
                            /* Translators: on a visit sheet, "Room 612" */
                            ? g_strdup_printf (_("Room %s"), room) : g_strdup (room));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **)parts->pdata);
}

static void
flow_sheet (OnsiteVisitSheet *self,
            Flow             *flow)
{
  OnsiteTicket *ticket = self->ticket;
  g_autofree char *reference = NULL;
  g_autofree char *where = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *due = NULL;
  g_autofree char *window = NULL;
  g_autofree char *priority = NULL;
  g_autofree char *description = NULL;
  const char *text;

  if (onsite_ticket_get_remote_id (ticket) != NULL)
    /* Translators: local id and the ticket service's id */
    reference = g_strdup_printf (_("Visit sheet · Ticket %" G_GINT64_FORMAT " · #%s at the service"),
                                 onsite_ticket_get_id (ticket), onsite_ticket_get_remote_id (ticket));
  else
    reference = g_strdup_printf (_("Visit sheet · Ticket %" G_GINT64_FORMAT), onsite_ticket_get_id (ticket));

  add_text (flow, reference, "Sans Bold 9", 4);
  add_text (flow, onsite_ticket_get_title (ticket), "Sans Bold 15", GAP);

  add_heading (flow, _("Where and whom"));
  add_fact (flow, _("Site"), onsite_ticket_get_site_name (ticket));
  add_fact (flow, _("Address"), onsite_ticket_get_address (ticket));
  where = dup_where (ticket);
  add_fact (flow, _("Where"), where);
  add_fact (flow, _("Contact"), onsite_ticket_get_requester (ticket));
  add_fact (flow, _("Phone / email"), onsite_ticket_get_requester_contact (ticket));
  flow->y += GAP;

  add_heading (flow, _("Visit"));
  if (self->visit != NULL)
    {
      g_autofree char *from = format_time (onsite_visit_get_start (self->visit));
      g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (onsite_visit_get_end (self->visit));
      g_autofree char *to = g_date_time_format (end, "%H:%M");

      /* Translators: a planned window, "Tue 3 Mar 2026, 10:00 – 11:00" */
      window = g_strdup_printf (_("%s – %s"), from, to);
    }
  add_fact (flow, _("Planned"), window ? window : _("Not planned yet"));
  add_fact (flow, _("Technician"), self->technician_name ? self->technician_name : _("Not assigned yet"));
  due = format_time (onsite_ticket_get_sla_due (ticket));
  add_fact (flow, _("SLA due"), due);
  priority = g_strdup_printf (_("P%d %s"), onsite_ticket_get_priority (ticket),
                              onsite_priority_to_label (onsite_ticket_get_priority (ticket)));
  add_fact (flow, _("Priority"), priority);
  add_fact (flow, _("Category"), onsite_ticket_get_category (ticket));
  flow->y += GAP;

  add_heading (flow, _("Problem"));
  text = onsite_ticket_get_description (ticket);
  if (text == NULL || *text == '\0')
    add_text (flow, _("No description"), "Sans Italic 10", GAP);
  else if (strlen (text) > MAX_DESCRIPTION)
    {
      g_autofree char *head = g_utf8_make_valid (text, MAX_DESCRIPTION);

      description = g_strdup_printf (_("%s…\n\n(The description goes on: the whole of it is in the ticket.)"), head);
      add_long_text (flow, description);
    }
  else
    add_long_text (flow, text);

  add_heading (flow, _("Checklist"));
  /* The checklist stays together, on one page. */
  place (flow, 5 * 22);
  add_check (flow, _("Arrived at ______ (time)"));
  add_check (flow, _("Problem diagnosed"));
  add_check (flow, _("Fixed  ☐ parts needed  ☐ vendor needed"));
  add_check (flow, _("Tested with the user"));
  add_check (flow, _("Area left tidy"));
  flow->y += GAP;

  add_heading (flow, _("Notes"));
  add_note_lines (flow);

  add_heading (flow, _("Customer"));
  add_signature (flow);
}

static int
run_flow (OnsiteVisitSheet *self,
          cairo_t          *cr,
          double            width,
          double            height,
          int               draw_page,
          int               n_pages)
{
  PangoContext *pango = pango_cairo_create_context (cr);
  Flow flow = {
    .cr = cr,
    .pango = pango,
    .width = width,
    .height = height,
    .draw_page = draw_page,
    .n_pages = n_pages,
  };

  /* Sizes are points whatever the device: one point per unit. */
  pango_cairo_context_set_resolution (pango, 72.0);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  flow_sheet (self, &flow);
  cairo_restore (cr);

  if (draw_page >= 0 && n_pages > 0)
    {
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      int w;

      /* Translators: "Ticket 42 · page 1 of 2" at the foot of a visit sheet */
      text = g_strdup_printf (_("Ticket %" G_GINT64_FORMAT " · page %d of %d"),
                              onsite_ticket_get_id (self->ticket), draw_page + 1, n_pages);
      layout = make_layout (&flow, text, "Sans 8", width);
      pango_layout_get_size (layout, &w, NULL);
      pango_layout_set_width (layout, -1);
      cairo_move_to (cr, width - (double)w / PANGO_SCALE, height - FOOTER_HEIGHT + 6);
      pango_cairo_show_layout (cr, layout);
    }

  g_object_unref (pango);

  return flow.page + 1;
}

/**
 * onsite_visit_sheet_render:
 * @cr: where to draw, in points, the origin at the printable area's corner
 * @width: the printable width in points
 * @height: the printable height in points
 * @page: the page to draw (from 0), or -1 to only count the pages
 *
 * Returns: the number of pages the sheet takes on this paper
 */
guint
onsite_visit_sheet_render (OnsiteVisitSheet *self,
                           cairo_t          *cr,
                           double            width,
                           double            height,
                           int               page)
{
  int n_pages;

  g_return_val_if_fail (ONSITE_IS_VISIT_SHEET (self), 0);
  g_return_val_if_fail (cr != NULL, 0);

  n_pages = run_flow (self, cr, width, height, -1, 0);
  if (page >= 0 && page < n_pages)
    run_flow (self, cr, width, height, page, n_pages);

  return n_pages;
}

/**
 * onsite_visit_sheet_export_pdf:
 * @path: the file to write
 * @paper_name: (nullable): a #GtkPaperSize name such as "iso_a4" or
 *   "na_letter"; %NULL for the locale's default paper
 * @n_pages: (out) (optional): how many pages were written
 *
 * Writes the sheet as a PDF, the same drawing the print dialog uses.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
onsite_visit_sheet_export_pdf (OnsiteVisitSheet  *self,
                               const char        *path,
                               const char        *paper_name,
                               guint             *n_pages,
                               GError           **error)
{
  g_autoptr(GtkPaperSize) paper = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  guint pages;

  g_return_val_if_fail (ONSITE_IS_VISIT_SHEET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  paper = gtk_paper_size_new (paper_name);
  width = gtk_paper_size_get_width (paper, GTK_UNIT_POINTS);
  height = gtk_paper_size_get_height (paper, GTK_UNIT_POINTS);

  surface = cairo_pdf_surface_create (path, width, height);
  cr = cairo_create (surface);
  cairo_translate (cr, MARGIN, MARGIN);

  pages = run_flow (self, cr, width - 2 * MARGIN, height - 2 * MARGIN, -1, 0);
  for (guint i = 0; i < pages; i++)
    {
      run_flow (self, cr, width - 2 * MARGIN, height - 2 * MARGIN, i, pages);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the visit sheet to “%s”: %s"),
                   name, cairo_status_to_string (status));
      return FALSE;
    }

  if (n_pages)
    *n_pages = pages;

  return TRUE;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                OnsiteVisitSheet  *self)
{
  guint pages = onsite_visit_sheet_render (self, gtk_print_context_get_cairo_context (context),
                                           gtk_print_context_get_width (context),
                                           gtk_print_context_get_height (context), -1);

  gtk_print_operation_set_n_pages (operation, pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              OnsiteVisitSheet  *self)
{
  onsite_visit_sheet_render (self, gtk_print_context_get_cairo_context (context),
                             gtk_print_context_get_width (context),
                             gtk_print_context_get_height (context), page);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         OnsiteVisitSheet        *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      g_warning ("Could not print the visit sheet: %s", error ? error->message : "?");
    }

  /* Only an operation that ran on after run() returned is ours to drop here. */
  if (g_object_get_data (G_OBJECT (operation), "onsite-async"))
    g_object_unref (operation);
}

/**
 * onsite_visit_sheet_print:
 * @parent: (nullable): the window the print dialog belongs to
 *
 * Shows the print dialog (which can also save a PDF), without blocking.
 */
void
onsite_visit_sheet_print (OnsiteVisitSheet *self,
                          GtkWindow        *parent)
{
  GtkPrintOperationResult result;
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ONSITE_IS_VISIT_SHEET (self));

  operation = gtk_print_operation_new ();
  name = g_strdup_printf (_("Visit sheet, ticket %" G_GINT64_FORMAT), onsite_ticket_get_id (self->ticket));
  gtk_print_operation_set_job_name (operation, name);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_page_setup_set_top_margin (setup, MARGIN, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, MARGIN, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, MARGIN, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, MARGIN, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  /* The operation keeps the sheet alive until it is done. */
  g_object_set_data_full (G_OBJECT (operation), "onsite-visit-sheet",
                          g_object_ref (self), g_object_unref);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), self);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      g_object_set_data (G_OBJECT (operation), "onsite-async", GINT_TO_POINTER (TRUE));
      return;
    }

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Could not print the visit sheet: %s", error->message);

  g_object_unref (operation);
}
