/* onsite-schedule-view.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-schedule-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "onsite-assign-dialog.h"
#include "onsite-map-view.h"
#include "onsite-rank.h"
#include "onsite-schedule-view.h"
#include "onsite-store-dispatch.h"
#include "onsite-ticket-dnd.h"
#include "onsite-travel.h"
#include "onsite-unplanned-pane.h"

/*
 * The Schedule view: a day picker, the roster of technicians (skills, home,
 * hours, load and where they are now) and the day timeline. Every change it
 * makes is one store call — a visit, a history line and one outbox row in
 * one transaction — followed by onsite_context_store_changed(), which brings
 * the view (and every other) back here to read the day again.
 *
 * The technician picked in the roster (or whose visit is picked on the
 * timeline) has their day drawn beside the timeline as a route with
 * numbered stops, on a map of the view's own that a toolbar button shows
 * and hides; the window's win.show-technician-route draws it on the
 * board's map too, for when the dispatcher goes back there.
 *
 * Above the map, the open tickets that have no visit yet
 * (OnsiteUnplannedPane): drag one onto a technician's row to plan it where
 * it is dropped, or press Enter on it for the Assign dialog on the day
 * shown. Both panes share one side column that never covers the timeline;
 * a toggle button each puts them away, remembered in GSettings.
 */

/* Without a better estimate, how long before a visit someone is on the way. */
#define EN_ROUTE_FALLBACK (20 * 60)

struct _OnsiteScheduleView
{
  GtkWidget       parent_instance;

  OnsiteContext  *context;
  GDateTime      *date;             /* local midnight of the day shown */
  OnsiteDay      *day;
  OnsiteTravelMatrix *travel;       /* the day's road times, or NULL */
  GCancellable   *travel_cancellable;
  gboolean        stale;            /* the store changed while hidden */
  gboolean        scrolled_once;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkMenuButton  *date_button;
  GtkPopover     *date_popover;
  GtkCalendar    *calendar;
  GtkLabel       *summary_label;
  GtkListBox     *roster_list;
  GtkScrolledWindow *timeline_scroller;
  OnsiteTimeline *timeline;
  GtkLabel       *route_label;
  OnsiteMapView  *route_map;
  AdwFlap        *route_flap;
  GtkToggleButton *unplanned_button;
  GtkToggleButton *route_button;
  OnsiteUnplannedPane *unplanned_pane;

  GSettings      *settings;

  gint64          route_tech_id;    /* whose route is drawn, or 0 */
};

G_DEFINE_FINAL_TYPE (OnsiteScheduleView, onsite_schedule_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_DATE,
  N_PROPS
};

enum {
  VISIT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void reload (OnsiteScheduleView *self);

/* The technician's state -------------------------------------------------- */

const char *
onsite_tech_state_to_label (OnsiteTechState state)
{
  switch (state)
    {
    case ONSITE_TECH_STATE_OFF_SHIFT: return C_("technician state", "Off shift");
    case ONSITE_TECH_STATE_FREE: return C_("technician state", "Free");
    case ONSITE_TECH_STATE_EN_ROUTE: return C_("technician state", "En route");
    case ONSITE_TECH_STATE_ON_SITE: return C_("technician state", "On site");
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * onsite_schedule_tech_state:
 * @tech: the technician
 * @visits: the technician's visits that day (#OnsiteVisit), by start
 * @periods: (element-type OnsiteInterval) (nullable): when they work that
 *   day, breaks and absences left out
 * @now: the present, unix seconds
 *
 * Where the technician is now. A visit's own state (en route, on site)
 * says it best; without one, the plan and the clock do: on site during a
 * planned visit, en route during the trip before it (estimated from the
 * place before, or 20 minutes), free in the working hours, else off shift.
 *
 * Returns: the state
 */
OnsiteTechState
onsite_schedule_tech_state (OnsiteTech *tech,
                            GListModel *visits,
                            GArray     *periods,
                            gint64      now)
{
  OnsiteTravelSettings settings;
  OnsitePoint previous;
  gboolean have_previous;
  guint n;

  g_return_val_if_fail (ONSITE_IS_TECH (tech), ONSITE_TECH_STATE_OFF_SHIFT);
  g_return_val_if_fail (G_IS_LIST_MODEL (visits), ONSITE_TECH_STATE_OFF_SHIFT);

  n = g_list_model_get_n_items (visits);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);

      if (onsite_visit_get_state (visit) == ONSITE_VISIT_ON_SITE)
        return ONSITE_TECH_STATE_ON_SITE;
      if (onsite_visit_get_state (visit) == ONSITE_VISIT_EN_ROUTE)
        return ONSITE_TECH_STATE_EN_ROUTE;
    }

  onsite_travel_settings_init (&settings);
  have_previous = onsite_tech_get_home (tech, &previous.latitude, &previous.longitude);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);
      OnsitePoint here;
      int travel = EN_ROUTE_FALLBACK;
      gboolean located;

      if (onsite_visit_get_state (visit) != ONSITE_VISIT_PLANNED)
        continue;

      located = onsite_visit_get_location (visit, &here.latitude, &here.longitude);
      if (located && have_previous)
        {
          OnsiteTravelEstimate trip;

          onsite_travel_estimate (&settings, &previous, &here, &trip);
          if (trip.source != ONSITE_TRAVEL_UNKNOWN)
            travel = trip.seconds;
        }
      if (located)
        {
          previous = here;
          have_previous = TRUE;
        }

      if (now >= onsite_visit_get_start (visit) && now < onsite_visit_get_end (visit))
        return ONSITE_TECH_STATE_ON_SITE;
      if (now >= onsite_visit_get_start (visit) - travel && now < onsite_visit_get_start (visit))
        return ONSITE_TECH_STATE_EN_ROUTE;
    }

  for (guint i = 0; periods && i < periods->len; i++)
    {
      const OnsiteInterval *p = &g_array_index (periods, OnsiteInterval, i);

      if (now >= p->start && now < p->end)
        return ONSITE_TECH_STATE_FREE;
    }

  return ONSITE_TECH_STATE_OFF_SHIFT;
}

/* Helpers ----------------------------------------------------------------- */

static const char *
actor (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  return name;
}

static void
show_toast (OnsiteScheduleView *self,
            const char         *text)
{
  /* A toast's title is markup; ticket titles are not. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (OnsiteScheduleView *self,
            const GError       *error)
{
  show_toast (self, error->message);
}

static gint64
now_seconds (OnsiteScheduleView *self)
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
format_duration (gint64 seconds)
{
  gint64 minutes = (seconds + 30) / 60;

  if (minutes < 60)
    /* Translators: a length of time, "45 min" */
    return g_strdup_printf (_("%d min"), (int)minutes);
  if (minutes % 60 == 0)
    /* Translators: a length of time, "3 h" */
    return g_strdup_printf (_("%d h"), (int)(minutes / 60));
  /* Translators: a length of time, "4 h 30 min" */
  return g_strdup_printf (_("%d h %d min"), (int)(minutes / 60), (int)(minutes % 60));
}

static void
store_changed (OnsiteScheduleView *self)
{
  /* Everyone reads the store again; this view too, through "changed". */
  if (self->context)
    onsite_context_store_changed (self->context);
  else
    reload (self);
}

/* The roster -------------------------------------------------------------- */

static GtkWidget *
caption_label (const char *text,
               gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static char *
format_periods (OnsiteDay *day,
                GArray    *periods)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (periods == NULL || periods->len == 0)
    return g_strdup (_("Not working this day"));

  for (guint i = 0; i < periods->len; i++)
    {
      const OnsiteInterval *p = &g_array_index (periods, OnsiteInterval, i);
      g_autofree char *from = onsite_day_format_time (day, p->start);
      g_autofree char *to = onsite_day_format_time (day, p->end);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s–%s", from, to);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
on_roster_drop_cb (GtkDropTarget *target,
                   const GValue  *value,
                   double         x,
                   double         y,
                   GtkWidget     *row)
{
  OnsiteScheduleView *self = ONSITE_SCHEDULE_VIEW (gtk_widget_get_ancestor (row, ONSITE_TYPE_SCHEDULE_VIEW));
  OnsiteTech *tech = g_object_get_data (G_OBJECT (row), "tech");
  gint64 ticket_id;

  gtk_list_box_drag_unhighlight_row (self->roster_list);

  if (tech == NULL || !onsite_ticket_dnd_value_get_id (value, &ticket_id))
    return FALSE;

  /* Onto a person, not a time: the earliest slot that works. */
  return onsite_schedule_view_assign_ticket_at (self, ticket_id, onsite_tech_get_id (tech), 0) > 0;
}

static GdkDragAction
on_roster_drop_enter_cb (GtkDropTarget *target,
                         double         x,
                         double         y,
                         GtkWidget     *row)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_parent (row));

  gtk_list_box_drag_highlight_row (list, GTK_LIST_BOX_ROW (row));
  return GDK_ACTION_COPY;
}

static void
on_roster_drop_leave_cb (GtkDropTarget *target,
                         GtkWidget     *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);

  if (GTK_IS_LIST_BOX (list))
    gtk_list_box_drag_unhighlight_row (GTK_LIST_BOX (list));
}

/* Fills @row for @tech; a row is kept across reloads so that the roster
 * keeps its scrolling and focus when the store changes. */
static void
fill_roster_row (OnsiteScheduleView *self,
                 GtkWidget          *row,
                 OnsiteTech         *tech,
                 gboolean            is_today)
{
  static const char *state_classes[] = { "dim-label", "success", "accent", "warning" };
  GListModel *visits = onsite_day_get_visits (self->day, onsite_tech_get_id (tech));
  g_autoptr(GArray) periods = onsite_day_dup_working_periods (self->day, onsite_tech_get_id (tech));
  g_autofree char *skills = onsite_tech_dup_skills_label (tech);
  g_autofree char *hours = format_periods (self->day, periods);
  g_autofree char *busy_text = NULL;
  g_autofree char *load = NULL;
  g_autofree char *home = NULL;
  g_autofree char *description = NULL;
  GtkWidget *box, *top, *name, *state_label = NULL, *level;
  gint64 busy = 0, working = 0;
  guint n_visits = 0;
  GtkDropTarget *drop;
  GType types[] = { ONSITE_TYPE_TICKET, G_TYPE_INT64 };

  for (guint i = 0; visits && i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);
      OnsiteVisitState state = onsite_visit_get_state (visit);

      if (state == ONSITE_VISIT_CANCELLED || state == ONSITE_VISIT_RESCHEDULED)
        continue;
      n_visits++;
      busy += MAX (onsite_visit_get_end (visit) - onsite_visit_get_start (visit), 0);
    }
  for (guint i = 0; periods && i < periods->len; i++)
    working += g_array_index (periods, OnsiteInterval, i).end - g_array_index (periods, OnsiteInterval, i).start;

  g_object_set_data_full (G_OBJECT (row), "tech", g_object_ref (tech), g_object_unref);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), top);

  name = gtk_label_new (onsite_tech_get_name (tech));
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (top), name);

  /* Where they are now only means something on today's page. */
  if (is_today && visits)
    {
      OnsiteTechState state = onsite_schedule_tech_state (tech, visits, periods, now_seconds (self));

      state_label = gtk_label_new (onsite_tech_state_to_label (state));
      gtk_widget_add_css_class (state_label, "caption-heading");
      gtk_widget_add_css_class (state_label, state_classes[state]);
      gtk_box_append (GTK_BOX (top), state_label);
    }

  gtk_box_append (GTK_BOX (box), caption_label (skills && *skills ? skills : _("No skills listed"), TRUE));

  if (onsite_tech_get_home_address (tech) && *onsite_tech_get_home_address (tech))
    {
      /* Translators: a technician's home base in the roster */
      home = g_strdup_printf (_("From %s"), onsite_tech_get_home_address (tech));
      gtk_box_append (GTK_BOX (box), caption_label (home, FALSE));
    }

  gtk_box_append (GTK_BOX (box), caption_label (hours, FALSE));

  busy_text = format_duration (busy);
  if (n_visits == 0)
    load = g_strdup (_("No visits"));
  else
    /* Translators: a technician's load: "3 visits · 4 h 30 min" */
    load = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit · %s", "%u visits · %s", n_visits),
                            n_visits, busy_text);
  gtk_box_append (GTK_BOX (box), caption_label (load, FALSE));

  level = gtk_level_bar_new_for_interval (0, 1);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (level), working > 0 ? MIN ((double)busy / working, 1.0) : (busy > 0));
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_margin_top (level, 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (level),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Share of the working hours planned"),
                                  -1);
  gtk_box_append (GTK_BOX (box), level);

  description = g_strdup_printf ("%s, %s, %s",
                                 state_label ? gtk_label_get_text (GTK_LABEL (state_label)) : "",
                                 hours, load);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, onsite_tech_get_name (tech),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  if (g_object_get_data (G_OBJECT (row), "drop") != NULL)
    return;

  /* Drop a ticket on a technician: their earliest free slot. */
  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "enter", G_CALLBACK (on_roster_drop_enter_cb), row);
  g_signal_connect (drop, "leave", G_CALLBACK (on_roster_drop_leave_cb), row);
  g_signal_connect (drop, "drop", G_CALLBACK (on_roster_drop_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
  g_object_set_data (G_OBJECT (row), "drop", drop);
}

static void
rebuild_roster (OnsiteScheduleView *self)
{
  GtkWidget *child;
  GListModel *techs;
  gint64 now = now_seconds (self);
  gboolean is_today, same = TRUE;
  guint n;

  if (self->day == NULL)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->roster_list))))
        gtk_list_box_remove (self->roster_list, child);
      return;
    }

  is_today = now >= onsite_day_get_start (self->day) && now < onsite_day_get_end (self->day);
  techs = onsite_day_get_techs (self->day);
  n = g_list_model_get_n_items (techs);

  /* The same people as before: refill their rows in place. */
  for (guint i = 0; i < n && same; i++)
    {
      g_autoptr(OnsiteTech) tech = g_list_model_get_item (techs, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->roster_list, i);
      OnsiteTech *shown = row ? g_object_get_data (G_OBJECT (row), "tech") : NULL;

      same = shown != NULL && onsite_tech_get_id (shown) == onsite_tech_get_id (tech);
    }
  if (same && gtk_list_box_get_row_at_index (self->roster_list, n) != NULL)
    same = FALSE;

  if (!same)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->roster_list))))
        gtk_list_box_remove (self->roster_list, child);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteTech) tech = g_list_model_get_item (techs, i);
      GtkWidget *row;

      if (same)
        row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->roster_list, i));
      else
        {
          row = gtk_list_box_row_new ();
          gtk_list_box_append (self->roster_list, row);
        }

      fill_roster_row (self, row, tech, is_today);
    }
}

static void
on_roster_row_activated_cb (OnsiteScheduleView *self,
                            GtkListBoxRow      *row,
                            GtkListBox         *list)
{
  OnsiteTech *tech = g_object_get_data (G_OBJECT (row), "tech");
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->timeline_scroller);
  graphene_rect_t area;

  /* Bring the technician's row into view. */
  if (tech && onsite_timeline_get_row_area (self->timeline, onsite_tech_get_id (tech), &area))
    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment) + area.origin.y - 40);
}

/* The route ---------------------------------------------------------------- */

static GtkListBoxRow *
find_roster_row (OnsiteScheduleView *self,
                 gint64              technician_id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->roster_list, i)); i++)
    {
      OnsiteTech *tech = g_object_get_data (G_OBJECT (row), "tech");

      if (tech != NULL && onsite_tech_get_id (tech) == technician_id)
        return row;
    }

  return NULL;
}

/* Draws the picked technician's day, or says why there is nothing to draw. */
static void
show_route (OnsiteScheduleView *self,
            gboolean            zoom)
{
  OnsiteTech *tech = NULL;
  g_autofree char *text = NULL;
  GListModel *visits;
  guint n_stops = 0;

  /* The roster forgets its selection while the view is torn down. */
  if (self->route_map == NULL)
    return;

  if (self->day != NULL && self->route_tech_id > 0)
    tech = onsite_day_find_tech (self->day, self->route_tech_id);

  if (tech == NULL)
    {
      onsite_map_view_clear_route (self->route_map);
      gtk_label_set_text (self->route_label, _("Pick a technician to see their route"));
      return;
    }

  visits = onsite_day_get_visits (self->day, self->route_tech_id);
  for (guint i = 0; visits && i < g_list_model_get_n_items (visits); i++)
    {
      g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, i);
      OnsiteVisitState state = onsite_visit_get_state (visit);

      n_stops += state != ONSITE_VISIT_CANCELLED && state != ONSITE_VISIT_RESCHEDULED;
    }

  onsite_map_view_set_route (self->route_map, self->day, self->route_tech_id);
  if (zoom)
    onsite_map_view_zoom_to_route (self->route_map);

  if (n_stops == 0)
    /* Translators: over the route map: "Marco Rossi · no visits" */
    text = g_strdup_printf (_("%s · no visits"), onsite_tech_get_name (tech));
  else
    /* Translators: over the route map: "Marco Rossi · 4 stops" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u stop", "%s · %u stops", n_stops),
                            onsite_tech_get_name (tech), n_stops);
  gtk_label_set_text (self->route_label, text);
}

static void
on_roster_row_selected_cb (OnsiteScheduleView *self,
                           GtkListBoxRow      *row,
                           GtkListBox         *list)
{
  OnsiteTech *tech = row ? g_object_get_data (G_OBJECT (row), "tech") : NULL;
  gint64 id = tech ? onsite_tech_get_id (tech) : 0;
  gboolean changed = id != self->route_tech_id;

  /* A reload that keeps the technician redraws without moving the map. */
  self->route_tech_id = id;
  show_route (self, changed);

  if (changed && id > 0 && self->date != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-technician-route", "(xx)",
                                id, g_date_time_to_unix (self->date));
}

/* After a reload: the same technician stays picked, with their new day. */
static void
restore_route (OnsiteScheduleView *self)
{
  GtkListBoxRow *row = self->route_tech_id > 0 ? find_roster_row (self, self->route_tech_id) : NULL;

  if (row == NULL)
    {
      self->route_tech_id = 0;
      gtk_list_box_unselect_all (self->roster_list);
      show_route (self, FALSE);
      return;
    }

  if (gtk_list_box_get_selected_row (self->roster_list) != row)
    gtk_list_box_select_row (self->roster_list, row);
  else
    show_route (self, FALSE);
}

/* Rows may be made anew, and a list box forgets its selection then. */
static void
refresh_roster (OnsiteScheduleView *self)
{
  gint64 picked = self->route_tech_id;

  rebuild_roster (self);
  self->route_tech_id = picked;
  restore_route (self);
}

/* Loading ----------------------------------------------------------------- */

static void
update_date_widgets (OnsiteScheduleView *self)
{
  g_autofree char *label = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_seconds (self));

  today = midnight_of (now);
  if (g_date_time_equal (today, self->date))
    /* Translators: the day picker on today: "Today, Monday 23 November" */
    label = g_date_time_format (self->date, _("Today, %A %e %B"));
  else
    /* Translators: the day picker: "Monday 23 November 2026", see g_date_time_format() */
    label = g_date_time_format (self->date, _("%A %e %B %Y"));

  g_strstrip (label);
  gtk_menu_button_set_label (self->date_button, label);

  gtk_calendar_select_day (self->calendar, self->date);
}

static void
travel_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnsiteScheduleView) self = user_data;
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;

  if (!(matrix = onsite_travel_model_day_finish (ONSITE_TRAVEL_MODEL (object), result, NULL)))
    return;   /* cancelled: another day came */

  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  self->travel = g_steal_pointer (&matrix);
  onsite_timeline_set_travel (self->timeline, ONSITE_TRAVEL_MODEL (object), self->travel);
}

/* Road times for the day shown, when a routing server is set: the timeline
 * draws the estimate until they come. */
static void
request_travel (OnsiteScheduleView *self)
{
  OnsiteTravelModel *travel = onsite_context_get_travel (self->context);

  g_cancellable_cancel (self->travel_cancellable);
  g_clear_object (&self->travel_cancellable);

  if (self->day == NULL || onsite_travel_model_get_router_url (travel) == NULL)
    {
      g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
      return;
    }

  self->travel_cancellable = g_cancellable_new ();
  onsite_travel_model_day_async (travel, self->day, NULL, 0, self->travel_cancellable,
                                 travel_ready_cb, g_object_ref (self));
}

static void
reload (OnsiteScheduleView *self)
{
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *techs_text = NULL;
  g_autofree char *visits_text = NULL;
  OnsiteStore *store;
  guint n_conflicts;

  self->stale = FALSE;

  if (self->context == NULL || self->date == NULL)
    return;

  store = onsite_context_get_store (self->context);
  if (!(day = onsite_store_load_day (store, self->date, &error)))
    {
      show_error (self, error);
      return;
    }

  g_set_object (&self->day, day);
  onsite_timeline_set_now (self->timeline, now_seconds (self));
  onsite_timeline_set_travel (self->timeline, onsite_context_get_travel (self->context), self->travel);
  onsite_timeline_set_day (self->timeline, day);
  request_travel (self);
  refresh_roster (self);

  n_conflicts = onsite_timeline_get_n_conflicts (self->timeline);
  techs_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u technician", "%u technicians",
                                             g_list_model_get_n_items (onsite_day_get_techs (day))),
                                g_list_model_get_n_items (onsite_day_get_techs (day)));
  visits_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit", "%u visits",
                                              onsite_day_get_n_visits (day)),
                                 onsite_day_get_n_visits (day));
  if (n_conflicts > 0)
    {
      g_autofree char *conflicts_text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict", "%u conflicts", n_conflicts), n_conflicts);
      summary = g_strdup_printf ("%s · %s · %s", techs_text, visits_text, conflicts_text);
    }
  else
    summary = g_strdup_printf ("%s · %s", techs_text, visits_text);
  gtk_label_set_text (self->summary_label, summary);

  if (!self->scrolled_once)
    {
      gint64 now = now_seconds (self);

      /* Open on the present, or on the morning of another day. */
      self->scrolled_once = TRUE;
      if (now >= onsite_day_get_start (day) && now < onsite_day_get_end (day))
        onsite_timeline_scroll_to_time (self->timeline, now - 3600);
      else
        onsite_timeline_scroll_to_time (self->timeline, onsite_day_get_start (day) + 7 * 3600);
    }
}

static void
on_context_changed_cb (OnsiteScheduleView *self,
                       OnsiteContext      *context)
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
on_travel_changed_cb (OnsiteScheduleView *self,
                      OnsiteTravelModel  *travel)
{
  /* New speed or server: the road times known are of the old one. */
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  on_context_changed_cb (self, self->context);
}

static void
on_context_now_cb (OnsiteScheduleView *self,
                   GParamSpec         *pspec,
                   OnsiteContext      *context)
{
  onsite_timeline_set_now (self->timeline, now_seconds (self));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_roster (self);
}

/* The day picker ---------------------------------------------------------- */

static void
on_previous_clicked_cb (OnsiteScheduleView *self)
{
  g_autoptr(GDateTime) previous = g_date_time_add_days (self->date, -1);

  onsite_schedule_view_set_date (self, previous);
}

static void
on_next_clicked_cb (OnsiteScheduleView *self)
{
  g_autoptr(GDateTime) next = g_date_time_add_days (self->date, 1);

  onsite_schedule_view_set_date (self, next);
}

static void
on_today_clicked_cb (OnsiteScheduleView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_seconds (self));

  onsite_schedule_view_set_date (self, now);
  onsite_timeline_scroll_to_time (self->timeline, now_seconds (self) - 3600);
}

static void
on_calendar_day_selected_cb (OnsiteScheduleView *self,
                             GtkCalendar        *calendar)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (calendar);

  if (self->date && g_date_time_get_year (picked) == g_date_time_get_year (self->date) &&
      g_date_time_get_day_of_year (picked) == g_date_time_get_day_of_year (self->date))
    return;

  onsite_schedule_view_set_date (self, picked);
  gtk_popover_popdown (self->date_popover);
}

static void
on_zoom_in_clicked_cb (OnsiteScheduleView *self)
{
  onsite_timeline_zoom_in (self->timeline);
}

static void
on_zoom_out_clicked_cb (OnsiteScheduleView *self)
{
  onsite_timeline_zoom_out (self->timeline);
}

/* The timeline's requests ------------------------------------------------- */

static void
on_timeline_visit_activated_cb (OnsiteScheduleView *self,
                                OnsiteVisit        *visit,
                                OnsiteTimeline     *timeline)
{
  GtkListBoxRow *row;

  /* Picking a visit picks its technician: their route shows. */
  if (onsite_visit_get_technician_id (visit) > 0 &&
      (row = find_roster_row (self, onsite_visit_get_technician_id (visit))))
    gtk_list_box_select_row (self->roster_list, row);

  g_signal_emit (self, signals[VISIT_ACTIVATED], 0, visit);
}

static void
on_timeline_visit_changed_cb (OnsiteScheduleView *self,
                              OnsiteVisit        *visit,
                              gint64              technician_id,
                              gint64              start,
                              gint64              end,
                              OnsiteTimeline     *timeline)
{
  OnsiteStore *store;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->context == NULL)
    return;

  store = onsite_context_get_store (self->context);

  /* One store call, one transaction: visit, history line, outbox row. */
  if (technician_id == onsite_visit_get_technician_id (visit))
    ok = onsite_store_move_visit (store, onsite_visit_get_id (visit), start, end, actor (), &error);
  else
    ok = onsite_store_assign_ticket (store, onsite_visit_get_ticket_id (visit), technician_id,
                                     start, end, actor (), &error) > 0;

  if (!ok)
    {
      show_error (self, error);
      reload (self);
      return;
    }

  store_changed (self);
}

typedef struct
{
  OnsiteScheduleView *self;
  gint64              ticket_id;
  gint64              technician_id;
  gint64              start;
  gint64              end;
} Undo;

static void
on_undo_clicked_cb (AdwToast *toast,
                    Undo     *undo)
{
  OnsiteScheduleView *self = undo->self;
  g_autoptr(GError) error = NULL;

  if (self->context == NULL)
    return;

  if (!onsite_store_assign_ticket (onsite_context_get_store (self->context), undo->ticket_id,
                                   undo->technician_id, undo->start, undo->end, actor (), &error))
    {
      show_error (self, error);
      return;
    }

  store_changed (self);
}

static void
on_timeline_visit_delete_requested_cb (OnsiteScheduleView *self,
                                       OnsiteVisit        *visit,
                                       OnsiteTimeline     *timeline)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;
  Undo *undo;

  if (self->context == NULL)
    return;

  if (!onsite_store_unassign_visit (onsite_context_get_store (self->context),
                                    onsite_visit_get_id (visit), actor (), &error))
    {
      show_error (self, error);
      return;
    }

  /* Unassigning is quick to undo, so it asks no question first. */
  undo = g_new0 (Undo, 1);
  undo->self = self;
  undo->ticket_id = onsite_visit_get_ticket_id (visit);
  undo->technician_id = onsite_visit_get_technician_id (visit);
  undo->start = onsite_visit_get_start (visit);
  undo->end = onsite_visit_get_end (visit);

  /* Translators: a toast after Delete on a visit */
  title = g_strdup_printf (_("“%s” unassigned"), onsite_visit_get_title (visit));
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb),
                         undo, (GClosureNotify)(void (*) (void))g_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  store_changed (self);
}

/* A pin is the dispatcher's word to Plan Day, not a change of the ticket:
 * the ticket service has no such field, so it makes no outbox row; the
 * store puts it in the visit's history like the other changes. */
static void
on_timeline_visit_pin_requested_cb (OnsiteScheduleView *self,
                                    OnsiteVisit        *visit,
                                    gboolean            pinned,
                                    OnsiteTimeline     *timeline)
{
  g_autoptr(GError) error = NULL;

  if (self->context == NULL)
    return;

  if (!onsite_store_set_visit_pinned (onsite_context_get_store (self->context),
                                      onsite_visit_get_id (visit), pinned, actor (), &error))
    {
      show_error (self, error);
      return;
    }

  store_changed (self);
}

static void
on_timeline_ticket_dropped_cb (OnsiteScheduleView *self,
                               gint64              ticket_id,
                               gint64              technician_id,
                               gint64              start,
                               OnsiteTimeline     *timeline)
{
  onsite_schedule_view_assign_ticket_at (self, ticket_id, technician_id, start);
}

/* The side panes ---------------------------------------------------------- */

static void
on_side_pane_toggled_cb (OnsiteScheduleView *self,
                         GParamSpec         *pspec,
                         GtkToggleButton    *button)
{
  /* The column shows while either pane does; each pane hides itself
   * through its button (the template binds "visible"). */
  if (self->route_flap == NULL)
    return;

  adw_flap_set_reveal_flap (self->route_flap,
                            gtk_toggle_button_get_active (self->unplanned_button) ||
                            gtk_toggle_button_get_active (self->route_button));
}

static void
on_unplanned_ticket_activated_cb (OnsiteScheduleView  *self,
                                  OnsiteTicket        *ticket,
                                  OnsiteUnplannedPane *pane)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  OnsiteAssignDialog *dialog;

  if (self->context == NULL)
    return;

  /* The keyboard's way to do what a drag does: plan it on the day shown. */
  dialog = onsite_assign_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     self->context, ticket);
  if (self->date != NULL)
    onsite_assign_dialog_set_date (dialog, self->date);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject ----------------------------------------------------------------- */

static void
onsite_schedule_view_map (GtkWidget *widget)
{
  OnsiteScheduleView *self = ONSITE_SCHEDULE_VIEW (widget);

  GTK_WIDGET_CLASS (onsite_schedule_view_parent_class)->map (widget);

  if (self->stale)
    reload (self);
}

static void
onsite_schedule_view_dispose (GObject *object)
{
  OnsiteScheduleView *self = (OnsiteScheduleView *)object;

  g_cancellable_cancel (self->travel_cancellable);
  g_clear_object (&self->travel_cancellable);
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONSITE_TYPE_SCHEDULE_VIEW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->day);
  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (onsite_schedule_view_parent_class)->dispose (object);
}

static void
onsite_schedule_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OnsiteScheduleView *self = ONSITE_SCHEDULE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_schedule_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OnsiteScheduleView *self = ONSITE_SCHEDULE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      onsite_schedule_view_set_context (self, g_value_get_object (value));
      break;

    case PROP_DATE:
      if (g_value_get_boxed (value))
        onsite_schedule_view_set_date (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_schedule_view_class_init (OnsiteScheduleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onsite_schedule_view_dispose;
  object_class->get_property = onsite_schedule_view_get_property;
  object_class->set_property = onsite_schedule_view_set_property;

  widget_class->map = onsite_schedule_view_map;

  /**
   * OnsiteScheduleView:context:
   *
   * The store and the clock; the window sets it.
   */
  properties [PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ONSITE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * OnsiteScheduleView:date:
   *
   * The day shown, as its local midnight.
   */
  properties [PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnsiteScheduleView::visit-activated:
   * @visit: the visit
   *
   * A visit was picked on the timeline: the window shows its ticket.
   */
  signals [VISIT_ACTIVATED] =
    g_signal_new ("visit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ONSITE_TYPE_VISIT);

  g_type_ensure (ONSITE_TYPE_TIMELINE);
  g_type_ensure (ONSITE_TYPE_MAP_VIEW);
  g_type_ensure (ONSITE_TYPE_UNPLANNED_PANE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/onsite/Onsite/onsite-schedule-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, date_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, date_popover);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, calendar);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, roster_list);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, route_label);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, route_map);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, route_flap);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, unplanned_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, route_button);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, unplanned_pane);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, OnsiteScheduleView, timeline);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_today_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_roster_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_roster_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_visit_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_visit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_visit_delete_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_visit_pin_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_ticket_dropped_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_side_pane_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unplanned_ticket_activated_cb);

  gtk_widget_class_set_css_name (widget_class, "schedule");
}

static void
onsite_schedule_view_init (OnsiteScheduleView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "schedule-show-unplanned",
                   self->unplanned_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "schedule-show-route",
                   self->route_button, "active", G_SETTINGS_BIND_DEFAULT);
  on_side_pane_toggled_cb (self, NULL, NULL);

  self->date = midnight_of (now);
  update_date_widgets (self);
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
onsite_schedule_view_new (void)
{
  return g_object_new (ONSITE_TYPE_SCHEDULE_VIEW, NULL);
}

/**
 * onsite_schedule_view_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
OnsiteContext *
onsite_schedule_view_get_context (OnsiteScheduleView *self)
{
  g_return_val_if_fail (ONSITE_IS_SCHEDULE_VIEW (self), NULL);

  return self->context;
}

/**
 * onsite_schedule_view_set_context:
 *
 * Gives the view its store and clock; it shows the context's today.
 */
void
onsite_schedule_view_set_context (OnsiteScheduleView *self,
                                  OnsiteContext      *context)
{
  g_return_if_fail (ONSITE_IS_SCHEDULE_VIEW (self));
  g_return_if_fail (context == NULL || ONSITE_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (onsite_context_get_travel (self->context), self);
    }

  g_set_object (&self->context, context);
  g_clear_pointer (&self->travel, onsite_travel_matrix_unref);
  onsite_unplanned_pane_set_context (self->unplanned_pane, context);

  if (context)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_seconds (self));

      g_signal_connect_object (context, "changed", G_CALLBACK (on_context_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::now", G_CALLBACK (on_context_now_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (onsite_context_get_travel (context), "changed",
                               G_CALLBACK (on_travel_changed_cb), self, G_CONNECT_SWAPPED);

      g_clear_pointer (&self->date, g_date_time_unref);
      self->date = midnight_of (now);
      update_date_widgets (self);
    }

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/**
 * onsite_schedule_view_get_date:
 *
 * Returns: (transfer none): the local midnight of the day shown
 */
GDateTime *
onsite_schedule_view_get_date (OnsiteScheduleView *self)
{
  g_return_val_if_fail (ONSITE_IS_SCHEDULE_VIEW (self), NULL);

  return self->date;
}

/**
 * onsite_schedule_view_set_date:
 * @date: any time on the day to show
 */
void
onsite_schedule_view_set_date (OnsiteScheduleView *self,
                               GDateTime          *date)
{
  g_autoptr(GDateTime) midnight = NULL;

  g_return_if_fail (ONSITE_IS_SCHEDULE_VIEW (self));
  g_return_if_fail (date != NULL);

  midnight = midnight_of (date);
  if (self->date && g_date_time_equal (midnight, self->date))
    return;

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_steal_pointer (&midnight);
  update_date_widgets (self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

/**
 * onsite_schedule_view_get_day:
 *
 * Returns: (transfer none) (nullable): the day as last read from the store
 */
OnsiteDay *
onsite_schedule_view_get_day (OnsiteScheduleView *self)
{
  g_return_val_if_fail (ONSITE_IS_SCHEDULE_VIEW (self), NULL);

  return self->day;
}

/**
 * onsite_schedule_view_get_timeline:
 *
 * Returns: (transfer none): the timeline
 */
OnsiteTimeline *
onsite_schedule_view_get_timeline (OnsiteScheduleView *self)
{
  g_return_val_if_fail (ONSITE_IS_SCHEDULE_VIEW (self), NULL);

  return self->timeline;
}

static gboolean
earliest_slot (OnsiteScheduleView *self,
               OnsiteTicket       *ticket,
               gint64              technician_id,
               gint64             *start,
               gint64             *end)
{
  g_autoptr(GListModel) candidates = NULL;
  OnsiteDispatchOptions options;
  OnsiteRankRequest request;

  onsite_travel_model_init_options (onsite_context_get_travel (self->context), &options, self->travel);
  options.now = now_seconds (self);
  /* The timeline's quarters, not the ranking's five minutes. */
  options.snap = 15 * 60;
  onsite_rank_request_init_from_ticket (&request, ticket);

  candidates = onsite_rank_candidates (self->day, &request, &options);
  for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
    {
      g_autoptr(OnsiteCandidate) candidate = g_list_model_get_item (candidates, i);

      if (onsite_tech_get_id (onsite_candidate_get_tech (candidate)) != technician_id)
        continue;

      if (!onsite_candidate_get_feasible (candidate))
        {
          g_autofree char *text = NULL;

          /* Translators: "No free time for “Printer jam” with Marco Rossi this day: <why>" */
          text = g_strdup_printf (_("No free time for “%s” with %s this day: %s"),
                                  onsite_ticket_get_title (ticket),
                                  onsite_tech_get_name (onsite_candidate_get_tech (candidate)),
                                  onsite_candidate_get_explanation (candidate));
          show_toast (self, text);
          return FALSE;
        }

      *start = onsite_candidate_get_start (candidate);
      *end = onsite_candidate_get_end (candidate);
      return TRUE;
    }

  show_toast (self, _("That technician does not work this day."));
  return FALSE;
}

/**
 * onsite_schedule_view_assign_ticket_at:
 * @ticket_id: the ticket
 * @technician_id: who goes
 * @start: when the visit starts, or 0 for the technician's earliest
 *   feasible slot on the day the view shows (the ranking's, travel and hours included)
 *
 * Assigns the ticket as a drop on the timeline or the roster does: one
 * store transaction (visit, status, history line, one outbox row), then
 * every view reads the store again. A visit the ticket already has keeps
 * its length; a new one gets its category's usual length. Failures are
 * told in a toast.
 *
 * Returns: the visit's id, or 0 if nothing was assigned
 */
gint64
onsite_schedule_view_assign_ticket_at (OnsiteScheduleView *self,
                                       gint64              ticket_id,
                                       gint64              technician_id,
                                       gint64              start)
{
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(GError) error = NULL;
  OnsiteStore *store;
  gint64 end, visit_id;

  g_return_val_if_fail (ONSITE_IS_SCHEDULE_VIEW (self), 0);
  g_return_val_if_fail (self->context != NULL, 0);

  store = onsite_context_get_store (self->context);

  if (!(ticket = onsite_store_get_ticket (store, ticket_id, &error)))
    {
      show_error (self, error);
      return 0;
    }

  if (start <= 0)
    {
      /* The ranking needs the day as the store has it now. */
      if (self->stale || self->day == NULL)
        reload (self);
      if (self->day == NULL || !earliest_slot (self, ticket, technician_id, &start, &end))
        return 0;
    }
  else
    {
      int minutes = 60;

      if ((visit = onsite_store_find_ticket_visit (store, ticket_id, NULL)) &&
          onsite_visit_get_end (visit) > onsite_visit_get_start (visit))
        end = start + (onsite_visit_get_end (visit) - onsite_visit_get_start (visit));
      else
        {
          onsite_dispatch_rules_for_category (onsite_ticket_get_category (ticket), &minutes);
          end = start + MAX (minutes, 15) * 60;
        }
    }

  if (!(visit_id = onsite_store_assign_ticket (store, ticket_id, technician_id, start, end,
                                               actor (), &error)))
    {
      show_error (self, error);
      return 0;
    }

  store_changed (self);
  onsite_timeline_select_visit (self->timeline, visit_id);

  return visit_id;
}
