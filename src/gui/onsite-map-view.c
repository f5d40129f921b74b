/* onsite-map-view.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: replaced by the real map view (libshumate + clustered marker layer). */

#define G_LOG_DOMAIN "onsite-map-view"

#include "config.h"

#include "onsite-map-view.h"

struct _OnsiteMapView
{
  GtkWidget     parent_instance;
  GListModel   *model;
  OnsiteTicket *selected;
};

G_DEFINE_FINAL_TYPE (OnsiteMapView, onsite_map_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_SELECTED, N_PROPS };
static GParamSpec *properties [N_PROPS];
enum { TICKET_ACTIVATED, N_SIGNALS };
static guint signals [N_SIGNALS];

static void
onsite_map_view_dispose (GObject *object)
{
  OnsiteMapView *self = (OnsiteMapView *)object;

  g_clear_object (&self->model);
  g_clear_object (&self->selected);

  G_OBJECT_CLASS (onsite_map_view_parent_class)->dispose (object);
}

static void
onsite_map_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OnsiteMapView *self = ONSITE_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_map_view_class_init (OnsiteMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onsite_map_view_dispose;
  object_class->get_property = onsite_map_view_get_property;

  properties [PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, ONSITE_TYPE_TICKET,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnsiteMapView::ticket-activated:
   * @ticket: the ticket whose marker was clicked
   */
  signals [TICKET_ACTIVATED] =
    g_signal_new ("ticket-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ONSITE_TYPE_TICKET);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "onsite-map");
}

static void
onsite_map_view_init (OnsiteMapView *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
onsite_map_view_new (void)
{
  return g_object_new (ONSITE_TYPE_MAP_VIEW, NULL);
}

void
onsite_map_view_set_model (OnsiteMapView *self, GListModel *tickets)
{
  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));
  g_set_object (&self->model, tickets);
}

GListModel *
onsite_map_view_get_model (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), NULL);
  return self->model;
}

void
onsite_map_view_set_selected (OnsiteMapView *self, OnsiteTicket *ticket)
{
  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));
  if (g_set_object (&self->selected, ticket))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED]);
}

OnsiteTicket *
onsite_map_view_get_selected (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), NULL);
  return self->selected;
}

void
onsite_map_view_set_now (OnsiteMapView *self, gint64 now)
{
  g_return_if_fail (ONSITE_IS_MAP_VIEW (self));
}

gboolean
onsite_map_view_get_offline (OnsiteMapView *self)
{
  g_return_val_if_fail (ONSITE_IS_MAP_VIEW (self), FALSE);
  return FALSE;
}
