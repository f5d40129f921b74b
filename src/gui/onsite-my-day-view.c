/* onsite-my-day-view.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-my-day-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "onsite-map-download-dialog.h"
#include "onsite-map-view.h"
#include "onsite-my-day-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-store-field.h"
#include "onsite-store-vendor.h"

/*
 * The technician's day on the field laptop: the visits in route order on
 * the left with the route on a small map, the selected visit on the right
 * with the big buttons of its life, the work record, the customer's
 * feedback and the ticket's history.
 *
 * Nothing here needs the network: each button is one store call (the visit,
 * a history line and one outbox row in one transaction) followed by
 * onsite_context_store_changed(), which brings every view back to read the
 * store again. The sync sends the outbox when the network returns.
 */

#define NOTES_SAVE_DELAY_MS 800

struct _OnsiteMyDayView
{
  GtkWidget          parent_instance;

  OnsiteContext     *context;
  GSettings         *settings;
  GCancellable      *cancellable;
  GDateTime         *date;             /* local midnight of the day shown */
  gint64             technician_id;
  char              *tech_name;
  GPtrArray         *visits;           /* OnsiteVisit, route order */
  GListStore        *tickets;          /* OnsiteTicket, for the map */
  OnsiteWorkRecord  *record;           /* of the selected visit */
  gint64             selected_id;
  gint64             shown_id;         /* the visit the detail pane shows */
  gboolean           has_area;         /* the day's stops, for the map download */
  double             area[4];          /* min lat, min lon, max lat, max lon */
  gboolean           stale;
  gboolean           reloading;
  gboolean           filling_notes;
  gboolean           notes_dirty;
  guint              notes_save_source;
  int                rating;
  GtkToggleButton   *stars[5];
  GtkFileChooserNative *chooser;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkPaned          *paned;
  GtkMenuButton     *date_button;
  GtkPopover        *date_popover;
  GtkCalendar       *calendar;
  GtkLabel          *summary_label;
  GtkListBox        *visit_list;
  OnsiteMapView     *map_view;
  GtkButton         *download_map_button;
  GtkStack          *detail_stack;
  AdwStatusPage     *empty_page;
  GtkScrolledWindow *detail_scroller;
  GtkLabel          *title_label;
  GtkLabel          *state_label;
  GtkBox            *actions_box;
  GtkEntry          *note_entry;
  GtkFlowBox        *step_box;
  GtkButton         *en_route_button;
  GtkButton         *arrive_button;
  GtkButton         *resolve_button;
  GtkButton         *needs_parts_button;
  GtkButton         *needs_vendor_button;
  GtkButton         *hand_to_vendor_button;
  GtkButton         *no_access_button;
  GtkButton         *reschedule_button;
  AdwActionRow      *address_row;
  GtkButton         *open_maps_button;
  AdwActionRow      *place_row;
  AdwActionRow      *contact_row;
  AdwActionRow      *sla_row;
  AdwActionRow      *times_row;
  GtkLabel          *problem_label;
  AdwPreferencesGroup *record_group;
  GtkTextView       *notes_view;
  GtkListBox        *parts_list;
  GtkBox            *part_add_box;
  GtkEntry          *part_entry;
  GtkSpinButton     *part_quantity;
  GtkListBox        *attachments_list;
  GtkButton         *attach_button;
  AdwPreferencesGroup *feedback_group;
  GtkStack          *feedback_stack;
  GtkBox            *stars_box;
  GtkEntry          *feedback_comment_entry;
  GtkEntry          *customer_name_entry;
  GtkButton         *feedback_button;
  GtkLabel          *feedback_label;
  GtkListBox        *history_list;
};

G_DEFINE_FINAL_TYPE (OnsiteMyDayView, onsite_my_day_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_TECHNICIAN_ID,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void reload     (OnsiteMyDayView *self);
static void show_visit (OnsiteMyDayView *self);

/* Helpers ----------------------------------------------------------------- */

static gint64
now_seconds (OnsiteMyDayView *self)
{
  if (self->context)
    return onsite_context_get_now (self->context);

  return g_get_real_time () / G_USEC_PER_SEC;
}

static GDateTime *
midnight_of (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_new_local (g_date_time_get_year (local),
                                g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), 0, 0, 0);
}

static char *
format_clock (gint64 time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time);

  return dt ? g_date_time_format (dt, "%H:%M") : g_strdup ("?");
}

/* Who writes the history: the technician, by name. */
static const char *
actor (OnsiteMyDayView *self)
{
  const char *name;

  if (self->tech_name && *self->tech_name)
    return self->tech_name;

  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  return name;
}

static void
show_error (OnsiteMyDayView *self,
            const GError    *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  /* The message quotes ticket titles: plain text. */
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_message (OnsiteMyDayView *self,
              const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

static GtkWidget *
plain_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static OnsiteVisit *
selected_visit (OnsiteMyDayView *self)
{
  if (self->visits == NULL)
    return NULL;

  for (guint i = 0; i < self->visits->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (self->visits, i);

      if (onsite_visit_get_id (visit) == self->selected_id)
        return visit;
    }

  return NULL;
}

static OnsiteStore *
get_store (OnsiteMyDayView *self)
{
  return self->context ? onsite_context_get_store (self->context) : NULL;
}

/* Work notes -------------------------------------------------------------- */

static gboolean
save_notes (OnsiteMyDayView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  OnsiteStore *store = get_store (self);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_clear_handle_id (&self->notes_save_source, g_source_remove);

  if (!self->notes_dirty || store == NULL || self->record == NULL)
    return TRUE;

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  self->notes_dirty = FALSE;
  if (!onsite_store_set_work_notes (store, self->record->visit_id, text, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  g_free (self->record->notes);
  self->record->notes = g_steal_pointer (&text);

  return TRUE;
}

static gboolean
save_notes_cb (gpointer user_data)
{
  OnsiteMyDayView *self = user_data;

  self->notes_save_source = 0;
  save_notes (self);

  return G_SOURCE_REMOVE;
}

static void
on_notes_changed_cb (OnsiteMyDayView *self,
                     GtkTextBuffer   *buffer)
{
  if (self->filling_notes)
    return;

  /* Saved as the technician types: a flat battery loses nothing. */
  self->notes_dirty = TRUE;
  g_clear_handle_id (&self->notes_save_source, g_source_remove);
  self->notes_save_source = g_timeout_add (NOTES_SAVE_DELAY_MS, save_notes_cb, self);
}

/* The visit list ---------------------------------------------------------- */

static const char *
state_css_class (OnsiteVisitState state)
{
  switch (state)
    {
    case ONSITE_VISIT_EN_ROUTE:
    case ONSITE_VISIT_ON_SITE:
      return "accent";
    case ONSITE_VISIT_DONE:
      return "success";
    case ONSITE_VISIT_NO_ACCESS:
    case ONSITE_VISIT_NEEDS_PARTS:
    case ONSITE_VISIT_NEEDS_VENDOR:
    case ONSITE_VISIT_RESCHEDULED:
      return "warning";
    case ONSITE_VISIT_PLANNED:
    case ONSITE_VISIT_CANCELLED:
    case ONSITE_N_VISIT_STATES:
    default:
      return "dim-label";
    }
}

static GtkWidget *
create_visit_row (OnsiteMyDayView *self,
                  OnsiteVisit     *visit,
                  guint            position)
{
  g_autofree char *number = g_strdup_printf ("%u", position + 1);
  g_autofree char *start = format_clock (onsite_visit_get_start (visit));
  g_autofree char *end = format_clock (onsite_visit_get_end (visit));
  g_autofree char *when = NULL;
  const char *address = onsite_visit_get_address (visit);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *badge = plain_label (number, "title-3");
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;

  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_set_size_request (badge, 24, -1);
  gtk_label_set_xalign (GTK_LABEL (badge), 0.5);
  gtk_box_append (GTK_BOX (box), badge);

  /* Translators: a visit window in the day list, "09:00–10:30" */
  when = g_strdup_printf (_("%s–%s"), start, end);
  label = plain_label (when, "numeric");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (line), label);
  label = plain_label (onsite_visit_state_to_label (onsite_visit_get_state (visit)),
                       state_css_class (onsite_visit_get_state (visit)));
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (text), line);

  label = plain_label (onsite_visit_get_title (visit), "heading");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (text), label);

  label = plain_label (address && *address ? address : onsite_visit_get_site_name (visit), "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (text), label);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "visit-id",
                     GSIZE_TO_POINTER ((gsize)onsite_visit_get_id (visit)));

  return row;
}

static void
update_date_widgets (OnsiteMyDayView *self)
{
  g_autofree char *label = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_seconds (self));
  g_autoptr(GDateTime) today = midnight_of (now);

  if (g_date_time_equal (today, self->date))
    /* Translators: the day picker on today: "Today, Mon 2 Mar", see g_date_time_format() */
    label = g_date_time_format (self->date, _("Today, %a %e %b"));
  else
    /* Translators: the day picker: "Tue 3 Mar 2026", see g_date_time_format() */
    label = g_date_time_format (self->date, _("%a %e %b %Y"));

  g_strstrip (label);
  gtk_menu_button_set_label (self->date_button, label);
  gtk_button_set_label (self->download_map_button,
                        g_date_time_equal (today, self->date) ? _("_Download Map for Today…")
                                                              : _("_Download Map for This Day…"));
  gtk_calendar_select_day (self->calendar, self->date);
}

/* The visit to show first: the one under way, else the next to do. */
static gint64
pick_visit (OnsiteMyDayView *self)
{
  for (guint i = 0; i < self->visits->len; i++)
    if (onsite_visit_get_state (g_ptr_array_index (self->visits, i)) == ONSITE_VISIT_ON_SITE ||
        onsite_visit_get_state (g_ptr_array_index (self->visits, i)) == ONSITE_VISIT_EN_ROUTE)
      return onsite_visit_get_id (g_ptr_array_index (self->visits, i));

  for (guint i = 0; i < self->visits->len; i++)
    if (onsite_visit_get_state (g_ptr_array_index (self->visits, i)) == ONSITE_VISIT_PLANNED)
      return onsite_visit_get_id (g_ptr_array_index (self->visits, i));

  return self->visits->len > 0 ? onsite_visit_get_id (g_ptr_array_index (self->visits, 0)) : 0;
}

static void
reload (OnsiteMyDayView *self)
{
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(OnsiteTech) tech = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) next_day = NULL;
  g_autofree char *summary = NULL;
  OnsiteStore *store = get_store (self);
  guint done = 0;
  gint64 keep;

  self->stale = FALSE;

  if (store == NULL || self->date == NULL)
    return;

  save_notes (self);

  if (self->technician_id <= 0 ||
      !(tech = onsite_store_get_tech (store, self->technician_id, NULL)))
    {
      gtk_stack_set_visible_child_name (self->stack, "no-tech");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "day");
  g_free (self->tech_name);
  self->tech_name = g_strdup (onsite_tech_get_name (tech));

  next_day = g_date_time_add_days (self->date, 1);
  visits = onsite_store_list_tech_visits (store, self->technician_id,
                                          g_date_time_to_unix (self->date),
                                          g_date_time_to_unix (next_day), &error);
  if (visits == NULL)
    {
      show_error (self, error);
      visits = g_ptr_array_new_with_free_func (g_object_unref);
    }

  g_clear_pointer (&self->visits, g_ptr_array_unref);
  self->visits = g_steal_pointer (&visits);

  /* The list, and the map with the same stops. */
  self->reloading = TRUE;
  clear_list (self->visit_list);
  g_list_store_remove_all (self->tickets);
  for (guint i = 0; i < self->visits->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (self->visits, i);
      g_autoptr(OnsiteTicket) ticket = onsite_store_get_ticket (store, onsite_visit_get_ticket_id (visit), NULL);

      if (onsite_visit_get_state (visit) == ONSITE_VISIT_DONE)
        done++;
      gtk_list_box_append (self->visit_list, create_visit_row (self, visit, i));
      if (ticket)
        g_list_store_append (self->tickets, ticket);
    }
  self->reloading = FALSE;

  /* The route from the home base through the stops, numbered as the list. */
  {
    g_autoptr(OnsiteDay) day = onsite_store_load_day (store, self->date, NULL);

    onsite_map_view_set_route (self->map_view, day, self->technician_id);
  }

  /* Where the day goes, for "Download Map for Today". */
  self->has_area = FALSE;
  for (guint i = 0; i < self->visits->len; i++)
    {
      double lat, lon;

      if (!onsite_visit_get_location (g_ptr_array_index (self->visits, i), &lat, &lon))
        continue;

      if (!self->has_area)
        {
          self->area[0] = self->area[2] = lat;
          self->area[1] = self->area[3] = lon;
          self->has_area = TRUE;
        }
      self->area[0] = MIN (self->area[0], lat);
      self->area[1] = MIN (self->area[1], lon);
      self->area[2] = MAX (self->area[2], lat);
      self->area[3] = MAX (self->area[3], lon);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->download_map_button), self->has_area);

  if (self->visits->len == 0)
    /* Translators: the day list's summary, with the technician's name */
    summary = g_strdup_printf (_("%s · no visits"), self->tech_name);
  else
    /* Translators: "Marco Rossi · 4 visits, 1 done" */
    summary = g_strdup_printf (ngettext ("%s · %u visit, %u done", "%s · %u visits, %u done",
                                         self->visits->len),
                               self->tech_name, self->visits->len, done);
  gtk_label_set_text (self->summary_label, summary);

  keep = selected_visit (self) ? self->selected_id : pick_visit (self);
  onsite_my_day_view_select_visit (self, keep);
}

static void
on_visit_selected_cb (OnsiteMyDayView *self,
                      GtkListBoxRow   *row,
                      GtkListBox      *list)
{
  gint64 id;

  if (self->reloading)
    return;

  id = row ? (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "visit-id")) : 0;
  if (id == self->selected_id && self->record != NULL && self->record->visit_id == id)
    return;

  save_notes (self);
  self->selected_id = id;
  show_visit (self);
}

static void
on_map_ticket_activated_cb (OnsiteMyDayView *self,
                            OnsiteTicket    *ticket,
                            OnsiteMapView   *map_view)
{
  for (guint i = 0; self->visits && i < self->visits->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (self->visits, i);

      if (onsite_visit_get_ticket_id (visit) == onsite_ticket_get_id (ticket))
        {
          onsite_my_day_view_select_visit (self, onsite_visit_get_id (visit));
          return;
        }
    }
}

/* The selected visit ------------------------------------------------------ */

static GtkButton *
step_button (OnsiteMyDayView *self,
             OnsiteVisitStep  step)
{
  switch (step)
    {
    case ONSITE_VISIT_STEP_EN_ROUTE: return self->en_route_button;
    case ONSITE_VISIT_STEP_ARRIVE: return self->arrive_button;
    case ONSITE_VISIT_STEP_RESOLVE: return self->resolve_button;
    case ONSITE_VISIT_STEP_NEEDS_PARTS: return self->needs_parts_button;
    case ONSITE_VISIT_STEP_NEEDS_VENDOR: return self->needs_vendor_button;
    case ONSITE_VISIT_STEP_NO_ACCESS: return self->no_access_button;
    case ONSITE_VISIT_STEP_RESCHEDULE: return self->reschedule_button;
    case ONSITE_N_VISIT_STEPS:
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

static void
update_steps (OnsiteMyDayView *self,
              OnsiteVisit     *visit)
{
  OnsiteVisitState state = onsite_visit_get_state (visit);
  OnsiteVisitStep next;
  gboolean has_next = onsite_visit_state_next_step (state, &next);
  gboolean any = FALSE;

  for (guint i = 0; i < ONSITE_N_VISIT_STEPS; i++)
    {
      GtkWidget *button = GTK_WIDGET (step_button (self, i));
      gboolean allowed = onsite_visit_step_is_allowed (i, state);

      /* The flow box wraps each button in a child of its own. */
      gtk_widget_set_visible (gtk_widget_get_parent (button), allowed);
      any |= allowed;

      /* The next sensible step stands out; the others are there when
       * things go otherwise. */
      if (has_next && next == i)
        gtk_widget_add_css_class (button, "suggested-action");
      else
        gtk_widget_remove_css_class (button, "suggested-action");
    }

  /* A note goes with a step: none left, no note either. */
  gtk_widget_set_visible (GTK_WIDGET (self->note_entry), any);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), any);
}

/*
 * A visit that needs the vendor leads on to "Hand to Vendor…" for its
 * ticket (the window's action, the dialog that suggests vendors by
 * contract), until the ticket is with a vendor; then the state line says
 * which, and how far the vendor's case is.
 */
static void
update_vendor (OnsiteMyDayView *self,
               OnsiteVisit     *visit,
               GString         *state)
{
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id = onsite_visit_get_ticket_id (visit);
  gboolean offer = FALSE;

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->hand_to_vendor_button), "x", ticket_id);

  if (onsite_visit_get_state (visit) == ONSITE_VISIT_NEEDS_VENDOR)
    {
      handoff = onsite_store_get_open_handoff (get_store (self), ticket_id, &error);
      if (error != NULL)
        g_warning ("Could not read the ticket’s vendor case: %s", error->message);
      offer = handoff == NULL && error == NULL;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->hand_to_vendor_button), offer);
  if (offer)
    gtk_widget_set_visible (GTK_WIDGET (self->actions_box), TRUE);

  if (handoff != NULL)
    /* Translators: appended to the visit's state line: " · With Alpha Print: Acknowledged" */
    g_string_append_printf (state, _(" · With %s: %s"), onsite_handoff_get_vendor_name (handoff),
                            onsite_handoff_state_to_label (onsite_handoff_get_state (handoff)));
}

static char *
describe_state (OnsiteVisit *visit)
{
  g_autofree char *start = format_clock (onsite_visit_get_start (visit));
  g_autofree char *end = format_clock (onsite_visit_get_end (visit));

  /* Translators: "On site · 09:00–10:30 · Priority High" */
  return g_strdup_printf (_("%s · %s–%s · Priority %s"),
                          onsite_visit_state_to_label (onsite_visit_get_state (visit)),
                          start, end, onsite_priority_to_label (onsite_visit_get_priority (visit)));
}

static char *
describe_times (OnsiteMyDayView  *self,
                OnsiteWorkRecord *record)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (record->en_route_at > 0)
    {
      g_autofree char *t = format_clock (record->en_route_at);

      g_string_append_printf (text, _("Set off %s"), t);
    }
  if (record->arrived_at > 0)
    {
      g_autofree char *t = format_clock (record->arrived_at);

      if (text->len)
        g_string_append (text, " · ");
      g_string_append_printf (text, _("Arrived %s"), t);
    }
  if (record->departed_at > 0)
    {
      g_autofree char *t = format_clock (record->departed_at);

      if (text->len)
        g_string_append (text, " · ");
      g_string_append_printf (text, _("Left %s"), t);
    }
  if (record->arrived_at > 0)
    {
      g_autofree char *stay = onsite_format_duration (onsite_work_record_get_time_on_site (record, now_seconds (self)));

      g_string_append (text, " · ");
      /* Translators: "1 h 12 min on site" */
      g_string_append_printf (text, _("%s on site"), stay);
    }

  if (text->len == 0)
    return g_strdup (_("Not started"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_remove_part_clicked_cb (GtkButton *button,
                           gpointer   user_data)
{
  OnsiteMyDayView *self = user_data;
  gint64 id = (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "part-id"));
  g_autoptr(GError) error = NULL;

  if (!onsite_store_remove_part (get_store (self), id, actor (self), &error))
    {
      show_error (self, error);
      return;
    }

  onsite_context_store_changed (self->context);
}

static void
fill_parts (OnsiteMyDayView *self,
            gboolean         editable)
{
  clear_list (self->parts_list);

  if (self->record->parts->len == 0)
    {
      GtkWidget *label = plain_label (_("No parts used"), "dim-label");

      gtk_widget_set_margin_top (label, 10);
      gtk_widget_set_margin_bottom (label, 10);
      gtk_widget_set_margin_start (label, 12);
      gtk_list_box_append (self->parts_list, label);
      return;
    }

  for (guint i = 0; i < self->record->parts->len; i++)
    {
      OnsitePart *part = g_ptr_array_index (self->record->parts, i);
      g_autofree char *quantity = g_strdup_printf ("%d ×", part->quantity);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *count = plain_label (quantity, "numeric");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), part->description);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), count);

      if (editable)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove Part"));
          g_object_set_data (G_OBJECT (remove), "part-id", GSIZE_TO_POINTER ((gsize)part->id));
          g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_part_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }

      gtk_list_box_append (self->parts_list, row);
    }
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OnsiteMyDayView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, error);
}

static void
on_open_attachment_clicked_cb (GtkButton *button,
                               gpointer   user_data)
{
  OnsiteMyDayView *self = user_data;
  const char *path = g_object_get_data (G_OBJECT (button), "path");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, self->cancellable, launched_cb, g_object_ref (self));
}

static void
fill_attachments (OnsiteMyDayView *self)
{
  clear_list (self->attachments_list);

  if (self->record->attachments->len == 0)
    {
      GtkWidget *label = plain_label (_("No photos or files"), "dim-label");

      gtk_widget_set_margin_top (label, 10);
      gtk_widget_set_margin_bottom (label, 10);
      gtk_widget_set_margin_start (label, 12);
      gtk_list_box_append (self->attachments_list, label);
      return;
    }

  for (guint i = 0; i < self->record->attachments->len; i++)
    {
      OnsiteAttachment *attachment = g_ptr_array_index (self->record->attachments, i);
      g_autofree char *size = g_format_size (attachment->size);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", size, attachment->mime_type);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *open = gtk_button_new_from_icon_name ("document-open-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), attachment->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      gtk_widget_set_tooltip_text (open, _("Open File"));
      g_object_set_data_full (G_OBJECT (open), "path", g_strdup (attachment->path), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (on_open_attachment_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);

      gtk_list_box_append (self->attachments_list, row);
    }
}

static void
set_rating (OnsiteMyDayView *self,
            int              rating)
{
  self->rating = rating;

  for (int i = 0; i < 5; i++)
    {
      g_signal_handlers_block_matched (self->stars[i], G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      gtk_toggle_button_set_active (self->stars[i], i < rating);
      g_signal_handlers_unblock_matched (self->stars[i], G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    }
}

static void
fill_feedback (OnsiteMyDayView *self)
{
  OnsiteWorkRecord *record = self->record;
  gboolean possible = record->arrived_at > 0 &&
                      (record->state == ONSITE_VISIT_ON_SITE || record->state == ONSITE_VISIT_DONE ||
                       record->state == ONSITE_VISIT_NEEDS_PARTS || record->state == ONSITE_VISIT_NEEDS_VENDOR);

  gtk_widget_set_visible (GTK_WIDGET (self->feedback_group), possible || record->feedback != NULL);

  if (record->feedback)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *when = format_clock (record->feedback->given_at);

      for (int i = 0; i < 5; i++)
        g_string_append (text, i < record->feedback->rating ? "★" : "☆");
      /* Translators: "★★★★☆ 4 of 5 from Giulia Ferri at 10:32" */
      g_string_append_printf (text, _("  %d of 5 from %s at %s"),
                              record->feedback->rating, record->feedback->customer_name, when);
      if (*record->feedback->comment)
        g_string_append_printf (text, "\n“%s”", record->feedback->comment);

      gtk_label_set_text (self->feedback_label, text->str);
      gtk_stack_set_visible_child_name (self->feedback_stack, "given");
      return;
    }

  gtk_stack_set_visible_child_name (self->feedback_stack, "form");
}

static void
fill_history (OnsiteMyDayView *self,
              gint64           ticket_id)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->history_list);

  if (!(events = onsite_store_list_events (get_store (self), ticket_id, &error)))
    {
      gtk_list_box_append (self->history_list, plain_label (error->message, "error"));
      return;
    }

  /* Newest first: what happened last matters most on the doorstep. */
  for (guint i = events->len; i > 0; i--)
    {
      const OnsiteEvent *event = g_ptr_array_index (events, i - 1);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (event->at);
      /* Translators: when a history line happened, see g_date_time_format() */
      g_autofree char *when = dt ? g_date_time_format (dt, _("%e %b %H:%M")) : g_strdup ("?");
      g_autofree char *meta = NULL;
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *summary = plain_label (event->summary, NULL);

      g_strstrip (when);
      if (event->actor && *event->actor)
        /* Translators: "<date> · <who>" in a ticket's history */
        meta = g_strdup_printf (_("%s · %s"), when, event->actor);
      else
        meta = g_strdup (when);

      gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (summary), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (box), summary);
      gtk_box_append (GTK_BOX (box), plain_label (meta, "dim-label"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (box), "caption");
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_list_box_append (self->history_list, box);
    }

  if (events->len == 0)
    gtk_list_box_append (self->history_list, plain_label (_("No changes recorded yet"), "dim-label"));
}

typedef enum
{
  PLACE_BUILDING,
  PLACE_FLOOR,
  PLACE_ROOM,
} PlaceBit;

/* "14:00" today, "Sun 22 Nov 05:28" another day. */
static char *
format_due (OnsiteMyDayView *self,
            gint64           due)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_seconds (self));
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (due);
  g_autofree char *text = NULL;

  if (dt == NULL)
    return g_strdup ("?");

  if (g_date_time_get_year (dt) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now))
    return g_date_time_format (dt, "%H:%M");

  /* Translators: an SLA due time on another day, see g_date_time_format() */
  text = g_date_time_format (dt, _("%a %e %b %H:%M"));
  return g_strdup (g_strstrip (text));
}

/* What changes as time passes: the SLA and the time on site. */
static void
update_clock_rows (OnsiteMyDayView *self)
{
  OnsiteVisit *visit = selected_visit (self);
  g_autofree char *sla = NULL;
  g_autofree char *times = NULL;

  if (visit == NULL || self->record == NULL)
    return;

  if (onsite_visit_get_sla_due (visit) > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *left = NULL;
      g_autofree char *due_text = NULL;
      gint64 now = now_seconds (self);
      gint64 due = onsite_visit_get_sla_due (visit);
      gboolean paused = FALSE;

      /* A vendor's case under a contract that stops the clock moves the
       * due date on. */
      if (!onsite_store_get_sla_clock (get_store (self), onsite_visit_get_ticket_id (visit), now,
                                       &due, &paused, &error))
        {
          g_warning ("Could not read the ticket’s SLA pauses: %s", error->message);
          due = onsite_visit_get_sla_due (visit);
        }

      left = onsite_format_time_left (due - now);
      if (paused)
        /* Translators: the SLA row while a vendor holds the case: "Paused while with the vendor · 2 h 15 min left" */
        sla = g_strdup_printf (_("Paused while with the vendor · %s"), left);
      else
        {
          due_text = format_due (self, due);
          /* Translators: "2 h 15 min left (due 14:00)" */
          sla = g_strdup_printf (_("%s (due %s)"), left, due_text);
        }
    }
  else
    sla = g_strdup (_("No SLA"));
  adw_action_row_set_subtitle (self->sla_row, sla);

  times = describe_times (self, self->record);
  adw_action_row_set_subtitle (self->times_row, times);
}

/* "B" becomes "Building B"; "Floor 2" or "Sala Brera" stay as written. */
static void
add_place_bit (GPtrArray  *bits,
               PlaceBit    kind,
               const char *value)
{
  if (value == NULL || *value == '\0')
    return;

  if (!g_ascii_isdigit (*value) && g_utf8_strlen (value, -1) > 2)
    g_ptr_array_add (bits, g_strdup (value));
  else if (kind == PLACE_BUILDING)
    g_ptr_array_add (bits, g_strdup_printf (_("Building %s"), value));
  else if (kind == PLACE_FLOOR)
    g_ptr_array_add (bits, g_strdup_printf (_("Floor %s"), value));
  else
    g_ptr_array_add (bits, g_strdup_printf (_("Room %s"), value));
}

static void
show_visit (OnsiteMyDayView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *place = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *current_notes = NULL;
  OnsiteVisit *visit = selected_visit (self);
  OnsiteStore *store = get_store (self);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  const char *address;
  const char *requester;
  const char *phone;
  const char *description;
  gboolean editable;
  g_autoptr(GPtrArray) bits = g_ptr_array_new_with_free_func (g_free);

  g_clear_pointer (&self->record, onsite_work_record_free);

  if (visit == NULL || store == NULL)
    {
      if (self->visits && self->visits->len > 0)
        {
          adw_status_page_set_title (self->empty_page, _("No Visit Chosen"));
          adw_status_page_set_description (self->empty_page, _("Choose a visit in the list."));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Visits"));
          adw_status_page_set_description (self->empty_page, _("Nothing is planned for you on this day."));
        }
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      onsite_map_view_set_selected (self->map_view, NULL);
      return;
    }

  if (!(self->record = onsite_store_get_work_record (store, onsite_visit_get_id (visit), &error)))
    {
      show_error (self, error);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->detail_stack, "visit");

  /* Another visit starts at its top; the same one stays where it was. */
  if (self->shown_id != self->selected_id)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), 0);
  self->shown_id = self->selected_id;

  gtk_label_set_text (self->title_label, onsite_visit_get_title (visit));
  update_steps (self, visit);

  {
    g_autoptr(GString) line = g_string_new (NULL);

    state = describe_state (visit);
    g_string_append (line, state);
    update_vendor (self, visit, line);
    gtk_label_set_text (self->state_label, line->str);
  }

  address = onsite_visit_get_address (visit);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_row),
                                 address && *address ? address : _("No address"));
  adw_action_row_set_subtitle (self->address_row, onsite_visit_get_site_name (visit));
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_maps_button),
                            onsite_visit_get_location (visit, NULL, NULL));

  add_place_bit (bits, PLACE_BUILDING, onsite_visit_get_building (visit));
  add_place_bit (bits, PLACE_FLOOR, onsite_visit_get_floor (visit));
  add_place_bit (bits, PLACE_ROOM, onsite_visit_get_room (visit));
  g_ptr_array_add (bits, NULL);
  place = bits->len > 1 ? g_strjoinv (" · ", (char **)bits->pdata) : g_strdup (_("Not given"));
  adw_action_row_set_subtitle (self->place_row, place);

  requester = onsite_visit_get_requester (visit);
  phone = onsite_visit_get_requester_contact (visit);
  if (*requester && *phone)
    contact = g_strdup_printf ("%s · %s", requester, phone);
  else
    contact = g_strdup (*requester ? requester : *phone ? phone : _("Not given"));
  adw_action_row_set_subtitle (self->contact_row, contact);

  update_clock_rows (self);

  description = onsite_visit_get_description (visit);
  gtk_label_set_text (self->problem_label, *description ? description : _("No description"));

  /* The work record is written until the technician leaves. */
  editable = onsite_visit_state_is_active (self->record->state);
  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  current_notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* A reload while typing keeps the cursor where it is. */
  if (g_strcmp0 (current_notes, self->record->notes) != 0)
    {
      self->filling_notes = TRUE;
      gtk_text_buffer_set_text (buffer, self->record->notes, -1);
      self->filling_notes = FALSE;
    }
  self->notes_dirty = FALSE;
  gtk_text_view_set_editable (self->notes_view, editable);
  gtk_widget_set_visible (GTK_WIDGET (self->part_add_box), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->attach_button), editable);
  fill_parts (self, editable);
  fill_attachments (self);
  fill_feedback (self);
  fill_history (self, onsite_visit_get_ticket_id (visit));

  /* The map follows the list. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tickets)); i++)
    {
      g_autoptr(OnsiteTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->tickets), i);

      if (onsite_ticket_get_id (ticket) == onsite_visit_get_ticket_id (visit))
        onsite_map_view_set_selected (self->map_view, ticket);
    }
}

/* Actions ----------------------------------------------------------------- */

static void
on_step_clicked_cb (OnsiteMyDayView *self,
                    GtkButton       *button)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *done = NULL;
  OnsiteVisit *visit = selected_visit (self);
  OnsiteStore *store = get_store (self);
  OnsiteVisitStep step = ONSITE_N_VISIT_STEPS;
  gint64 at;

  if (visit == NULL || store == NULL)
    return;

  for (guint i = 0; i < ONSITE_N_VISIT_STEPS; i++)
    if (step_button (self, i) == button)
      step = i;
  g_return_if_fail (step < ONSITE_N_VISIT_STEPS);

  /* The notes leave with the step. */
  if (!save_notes (self))
    return;

  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));
  at = now_seconds (self);

  if (!onsite_store_visit_step (store, onsite_visit_get_id (visit), step, note, at,
                                actor (self), &error))
    {
      show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");

  {
    g_autofree char *clock = format_clock (at);

    /* Translators: a toast after a step: "Resolved at 10:30" */
    done = g_strdup_printf (_("%s at %s"), onsite_visit_step_to_label (step), clock);
    show_message (self, done);
  }

  onsite_context_store_changed (self->context);
}

static void
on_add_part_cb (OnsiteMyDayView *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->part_entry));
  int quantity = gtk_spin_button_get_value_as_int (self->part_quantity);

  if (self->record == NULL)
    return;

  if (!onsite_store_add_part (get_store (self), self->record->visit_id, text, quantity,
                              actor (self), &error))
    {
      show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->part_entry), "");
  gtk_spin_button_set_value (self->part_quantity, 1);
  onsite_context_store_changed (self->context);
  gtk_widget_grab_focus (GTK_WIDGET (self->part_entry));
}

static void
attached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OnsiteMyDayView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onsite_store_attach_file_finish (ONSITE_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  if (self->context)
    onsite_context_store_changed (self->context);
}

static void
on_chooser_response_cb (OnsiteMyDayView      *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->record != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    onsite_store_attach_file_async (get_store (self), self->record->visit_id, file, NULL,
                                    actor (self), self->cancellable, attached_cb,
                                    g_object_ref (self));

  g_clear_object (&self->chooser);
}

static void
on_attach_clicked_cb (OnsiteMyDayView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->record == NULL || self->chooser != NULL)
    return;

  /* GTK 4.8 has no GtkFileDialog; the portal serves this one in Flatpak. */
  self->chooser = gtk_file_chooser_native_new (_("Attach a Photo or File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_open_maps_clicked_cb (OnsiteMyDayView *self)
{
  OnsiteVisit *visit = selected_visit (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  char lat[G_ASCII_DTOSTR_BUF_SIZE];
  char lon[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *uri = NULL;
  double latitude, longitude;

  if (visit == NULL || !onsite_visit_get_location (visit, &latitude, &longitude))
    return;

  /* RFC 5870: a dot, whatever the locale. */
  g_ascii_formatd (lat, sizeof lat, "%.6f", latitude);
  g_ascii_formatd (lon, sizeof lon, "%.6f", longitude);
  uri = g_strdup_printf ("geo:%s,%s", lat, lon);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
on_download_map_clicked_cb (OnsiteMyDayView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  /* About a kilometre around the stops: the streets leading to them. */
  const double margin = 0.01;

  if (!self->has_area)
    return;

  dialog = onsite_map_download_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           MAX (-85.0, self->area[0] - margin),
                                           MAX (-180.0, self->area[1] - margin),
                                           MIN (85.0, self->area[2] + margin),
                                           MIN (180.0, self->area[3] + margin));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_star_toggled_cb (GtkToggleButton *star,
                    gpointer         user_data)
{
  OnsiteMyDayView *self = user_data;

  for (int i = 0; i < 5; i++)
    if (self->stars[i] == star)
      {
        /* Clicking the lit top star again takes it back. */
        set_rating (self, (!gtk_toggle_button_get_active (star) && self->rating == i + 1) ? i : i + 1);
        return;
      }
}

static void
on_feedback_clicked_cb (OnsiteMyDayView *self)
{
  g_autoptr(GError) error = NULL;
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->feedback_comment_entry));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->customer_name_entry));

  if (self->record == NULL)
    return;

  if (!onsite_store_add_feedback (get_store (self), self->record->visit_id, self->rating,
                                  comment, name, now_seconds (self), actor (self), &error))
    {
      show_error (self, error);
      return;
    }

  set_rating (self, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->feedback_comment_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->customer_name_entry), "");
  show_message (self, _("Feedback saved"));
  onsite_context_store_changed (self->context);
}

/* The day picker ---------------------------------------------------------- */

static void
on_previous_clicked_cb (OnsiteMyDayView *self)
{
  g_autoptr(GDateTime) previous = g_date_time_add_days (self->date, -1);

  onsite_my_day_view_set_date (self, previous);
}

static void
on_next_clicked_cb (OnsiteMyDayView *self)
{
  g_autoptr(GDateTime) next = g_date_time_add_days (self->date, 1);

  onsite_my_day_view_set_date (self, next);
}

static void
on_today_clicked_cb (OnsiteMyDayView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_seconds (self));

  onsite_my_day_view_set_date (self, now);
}

static void
on_calendar_day_selected_cb (OnsiteMyDayView *self,
                             GtkCalendar     *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  gtk_popover_popdown (self->date_popover);
  onsite_my_day_view_set_date (self, date);
}

/* Context ----------------------------------------------------------------- */

static void
on_context_changed_cb (OnsiteMyDayView *self,
                       OnsiteContext   *context)
{
  /* Hidden: read the store when shown, not on every sync. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  reload (self);
}

static void
on_context_now_cb (OnsiteMyDayView *self,
                   GParamSpec      *pspec,
                   OnsiteContext   *context)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_clock_rows (self);
}

static void
onsite_my_day_view_map (GtkWidget *widget)
{
  OnsiteMyDayView *self = ONSITE_MY_DAY_VIEW (widget);

  GTK_WIDGET_CLASS (onsite_my_day_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

/* GObject ----------------------------------------------------------------- */

static void
onsite_my_day_view_dispose (GObject *object)
{
  OnsiteMyDayView *self = (OnsiteMyDayView *)object;

  save_notes (self);
  g_clear_handle_id (&self->notes_save_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* The list tells of its rows going away: nothing to show any more. */
  self->reloading = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_MY_DAY_VIEW);

  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->tickets);
  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_clear_pointer (&self->record, onsite_work_record_free);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->tech_name, g_free);

  G_OBJECT_CLASS (onsite_my_day_view_parent_class)->dispose (object);
}

static void
onsite_my_day_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnsiteMyDayView *self = ONSITE_MY_DAY_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_TECHNICIAN_ID:
      g_value_set_int64 (value, self->technician_id);
      break;

    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_my_day_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OnsiteMyDayView *self = ONSITE_MY_DAY_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      onsite_my_day_view_set_context (self, g_value_get_object (value));
      break;

    case PROP_TECHNICIAN_ID:
      onsite_my_day_view_set_technician_id (self, g_value_get_int64 (value));
      break;

    case PROP_DATE:
      onsite_my_day_view_set_date (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_my_day_view_class_init (OnsiteMyDayViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_my_day_view_dispose;
  object_class->get_property = onsite_my_day_view_get_property;
  object_class->set_property = onsite_my_day_view_set_property;

  widget_class->map = onsite_my_day_view_map;

  /**
   * OnsiteMyDayView:context:
   *
   * The store and the clock. The window gives it to every view.
   */
  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ONSITE_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteMyDayView:technician-id:
   *
   * Whose day: the "technician-id" setting, 0 for nobody chosen yet.
   */
  properties [PROP_TECHNICIAN_ID] =
    g_param_spec_int64 ("technician-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteMyDayView:date:
   *
   * The local midnight of the day shown.
   */
  properties [PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ONSITE_TYPE_MAP_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-my-day-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, paned);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, date_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, date_popover);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, calendar);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, visit_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, map_view);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, download_map_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, title_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, state_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, note_entry);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, step_box);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, en_route_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, arrive_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, needs_parts_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, needs_vendor_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, hand_to_vendor_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, no_access_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, reschedule_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, address_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, open_maps_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, place_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, contact_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, sla_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, times_row);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, record_group);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, notes_view);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, parts_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, part_add_box);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, part_entry);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, part_quantity);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, attachments_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, attach_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, feedback_group);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, feedback_stack);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, stars_box);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, feedback_comment_entry);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, customer_name_entry);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, feedback_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteMyDayView, history_list);
  gtk_widget_class_bind_template_callback (widget_class, on_visit_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_map_ticket_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_step_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_part_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_attach_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_maps_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_download_map_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_feedback_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);

  gtk_widget_class_set_css_name (widget_class, "onsite-my-day-view");
}

static void
onsite_my_day_view_init (OnsiteMyDayView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->tickets = g_list_store_new (ONSITE_TYPE_TICKET);
  self->date = midnight_of (now);
  onsite_map_view_set_model (self->map_view, G_LIST_MODEL (self->tickets));

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *tooltip = g_strdup_printf (ngettext ("%d star", "%d stars", i + 1), i + 1);
      GtkWidget *star = gtk_toggle_button_new ();

      gtk_button_set_icon_name (GTK_BUTTON (star), "starred-symbolic");
      gtk_widget_set_tooltip_text (star, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (star),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_widget_set_size_request (star, 48, 40);
      g_signal_connect (star, "toggled", G_CALLBACK (on_star_toggled_cb), self);
      gtk_box_append (self->stars_box, star);
      self->stars[i] = GTK_TOGGLE_BUTTON (star);
    }

  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (on_notes_changed_cb), self, G_CONNECT_SWAPPED);

  /* Shown once the day has a stop with a place. */
  gtk_widget_set_visible (GTK_WIDGET (self->download_map_button), FALSE);

  update_date_widgets (self);

  /* Whose day it is follows the preference. */
  if (schemas && (schema = g_settings_schema_source_lookup (schemas, APPLICATION_ID, TRUE)) &&
      g_settings_schema_has_key (schema, "technician-id"))
    {
      self->settings = g_settings_new (APPLICATION_ID);
      g_settings_bind (self->settings, "technician-id", self, "technician-id", G_SETTINGS_BIND_GET);
    }
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
onsite_my_day_view_new (void)
{
  return g_object_new (ONSITE_TYPE_MY_DAY_VIEW, NULL);
}

/**
 * onsite_my_day_view_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
OnsiteContext *
onsite_my_day_view_get_context (OnsiteMyDayView *self)
{
  g_return_val_if_fail (ONSITE_IS_MY_DAY_VIEW (self), NULL);

  return self->context;
}

/**
 * onsite_my_day_view_set_context:
 *
 * Gives the view its store and clock; it shows the context's today.
 */
void
onsite_my_day_view_set_context (OnsiteMyDayView *self,
                                OnsiteContext   *context)
{
  g_return_if_fail (ONSITE_IS_MY_DAY_VIEW (self));
  g_return_if_fail (context == NULL || ONSITE_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context)
    g_signal_handlers_disconnect_by_data (self->context, self);

  save_notes (self);
  g_set_object (&self->context, context);

  if (context)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_seconds (self));

      g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::now", G_CALLBACK (on_context_now_cb),
                               self, G_CONNECT_SWAPPED);
      g_clear_pointer (&self->date, g_date_time_unref);
      self->date = midnight_of (now);
      update_date_widgets (self);
    }

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

gint64
onsite_my_day_view_get_technician_id (OnsiteMyDayView *self)
{
  g_return_val_if_fail (ONSITE_IS_MY_DAY_VIEW (self), 0);

  return self->technician_id;
}

/**
 * onsite_my_day_view_set_technician_id:
 * @technician_id: whose day, 0 for nobody
 */
void
onsite_my_day_view_set_technician_id (OnsiteMyDayView *self,
                                      gint64           technician_id)
{
  g_return_if_fail (ONSITE_IS_MY_DAY_VIEW (self));

  if (self->technician_id == technician_id)
    return;

  save_notes (self);
  self->technician_id = technician_id;
  self->selected_id = 0;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TECHNICIAN_ID]);
}

/**
 * onsite_my_day_view_get_date:
 *
 * Returns: (transfer none): the local midnight of the day shown
 */
GDateTime *
onsite_my_day_view_get_date (OnsiteMyDayView *self)
{
  g_return_val_if_fail (ONSITE_IS_MY_DAY_VIEW (self), NULL);

  return self->date;
}

/**
 * onsite_my_day_view_set_date:
 * @date: any time on the day to show
 */
void
onsite_my_day_view_set_date (OnsiteMyDayView *self,
                             GDateTime       *date)
{
  g_autoptr(GDateTime) midnight = NULL;

  g_return_if_fail (ONSITE_IS_MY_DAY_VIEW (self));
  g_return_if_fail (date != NULL);

  midnight = midnight_of (date);
  if (self->date && g_date_time_equal (midnight, self->date))
    return;

  save_notes (self);
  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_steal_pointer (&midnight);
  self->selected_id = 0;
  update_date_widgets (self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

guint
onsite_my_day_view_get_n_visits (OnsiteMyDayView *self)
{
  g_return_val_if_fail (ONSITE_IS_MY_DAY_VIEW (self), 0);

  return self->visits ? self->visits->len : 0;
}

gint64
onsite_my_day_view_get_selected_visit (OnsiteMyDayView *self)
{
  g_return_val_if_fail (ONSITE_IS_MY_DAY_VIEW (self), 0);

  return selected_visit (self) ? self->selected_id : 0;
}

/**
 * onsite_my_day_view_select_visit:
 * @visit_id: a visit of the day shown, or 0 for none
 *
 * Shows the visit as if it were chosen in the list.
 */
void
onsite_my_day_view_select_visit (OnsiteMyDayView *self,
                                 gint64           visit_id)
{
  GtkListBoxRow *row = NULL;

  g_return_if_fail (ONSITE_IS_MY_DAY_VIEW (self));

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->visit_list, i)); i++)
    if ((gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "visit-id")) == visit_id)
      break;

  save_notes (self);
  self->selected_id = row ? visit_id : 0;

  self->reloading = TRUE;
  if (row)
    gtk_list_box_select_row (self->visit_list, row);
  else
    gtk_list_box_unselect_all (self->visit_list);
  self->reloading = FALSE;

  show_visit (self);
}
