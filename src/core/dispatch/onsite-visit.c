/* onsite-visit.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-visit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-visit-private.h"

/*
 * OnsiteVisit: one planned trip of a technician to a ticket's site, with
 * what the timeline, the map and the visit sheet need of the ticket. The
 * store makes them; the timeline binds to them.
 */

G_DEFINE_FINAL_TYPE (OnsiteVisit, onsite_visit, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TICKET_ID,
  PROP_TECHNICIAN_ID,
  PROP_START,
  PROP_END,
  PROP_STATE,
  PROP_PINNED,
  PROP_TITLE,
  PROP_SITE_NAME,
  PROP_CATEGORY,
  PROP_SLA_DUE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const state_strings[] = {
  "planned", "en-route", "on-site", "done", "cancelled",
  "no-access", "needs-parts", "needs-vendor", "rescheduled",
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_strings) == ONSITE_N_VISIT_STATES);

const char *
onsite_visit_state_to_string (OnsiteVisitState state)
{
  g_return_val_if_fail (state < ONSITE_N_VISIT_STATES, NULL);

  return state_strings[state];
}

gboolean
onsite_visit_state_from_string (const char       *str,
                                OnsiteVisitState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_strings); i++)
    {
      if (g_strcmp0 (str, state_strings[i]) == 0)
        {
          if (state)
            *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
onsite_visit_state_to_label (OnsiteVisitState state)
{
  switch (state)
    {
    case ONSITE_VISIT_PLANNED: return _("Planned");
    case ONSITE_VISIT_EN_ROUTE: return _("En route");
    case ONSITE_VISIT_ON_SITE: return _("On site");
    case ONSITE_VISIT_DONE: return _("Done");
    case ONSITE_VISIT_CANCELLED: return _("Cancelled");
    case ONSITE_VISIT_NO_ACCESS: return _("No access");
    case ONSITE_VISIT_NEEDS_PARTS: return _("Needs parts");
    case ONSITE_VISIT_NEEDS_VENDOR: return _("Needs the vendor");
    case ONSITE_VISIT_RESCHEDULED: return _("Rescheduled");
    case ONSITE_N_VISIT_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * onsite_visit_state_is_active:
 *
 * Returns: whether a visit in @state still takes the technician's time
 *   (planned, en route, on site); done visits took it already
 */
gboolean
onsite_visit_state_is_active (OnsiteVisitState state)
{
  return state == ONSITE_VISIT_PLANNED ||
         state == ONSITE_VISIT_EN_ROUTE ||
         state == ONSITE_VISIT_ON_SITE;
}

static void
onsite_visit_finalize (GObject *object)
{
  OnsiteVisit *self = (OnsiteVisit *)object;

  g_clear_pointer (&self->ticket_remote_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->requester, g_free);
  g_clear_pointer (&self->requester_contact, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->building, g_free);
  g_clear_pointer (&self->floor, g_free);
  g_clear_pointer (&self->room, g_free);

  G_OBJECT_CLASS (onsite_visit_parent_class)->finalize (object);
}

static void
onsite_visit_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OnsiteVisit *self = ONSITE_VISIT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_TICKET_ID:
      g_value_set_int64 (value, self->ticket_id);
      break;

    case PROP_TECHNICIAN_ID:
      g_value_set_int64 (value, self->technician_id);
      break;

    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;

    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;

    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;

    case PROP_TITLE:
      g_value_set_string (value, onsite_visit_get_title (self));
      break;

    case PROP_SITE_NAME:
      g_value_set_string (value, onsite_visit_get_site_name (self));
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, onsite_visit_get_category (self));
      break;

    case PROP_SLA_DUE:
      g_value_set_int64 (value, self->sla_due);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_visit_class_init (OnsiteVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_visit_finalize;
  object_class->get_property = onsite_visit_get_property;

  properties [PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties [PROP_TICKET_ID] = g_param_spec_int64 ("ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* 0 while nobody is assigned. */
  properties [PROP_TECHNICIAN_ID] = g_param_spec_int64 ("technician-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties [PROP_START] = g_param_spec_int64 ("start", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties [PROP_END] = g_param_spec_int64 ("end", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* An OnsiteVisitState. */
  properties [PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0, ONSITE_N_VISIT_STATES - 1, 0, flags);
  properties [PROP_PINNED] = g_param_spec_boolean ("pinned", NULL, NULL, FALSE, flags);
  properties [PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties [PROP_SITE_NAME] = g_param_spec_string ("site-name", NULL, NULL, NULL, flags);
  properties [PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties [PROP_SLA_DUE] = g_param_spec_int64 ("sla-due", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_visit_init (OnsiteVisit *self)
{
  self->priority = 3;
  self->ticket_status = ONSITE_TICKET_STATUS_SCHEDULED;
}

/**
 * onsite_visit_new:
 * @technician_id: the technician, or 0 for nobody yet
 * @start: planned start, unix seconds
 * @end: planned end, after @start
 *
 * A visit made in memory (tests, benchmarks, a preview while dragging).
 *
 * Returns: (transfer full): the visit, planned
 */
OnsiteVisit *
onsite_visit_new (gint64 id,
                  gint64 ticket_id,
                  gint64 technician_id,
                  gint64 start,
                  gint64 end)
{
  OnsiteVisit *self = g_object_new (ONSITE_TYPE_VISIT, NULL);

  self->id = id;
  self->ticket_id = ticket_id;
  self->technician_id = technician_id;
  self->start = start;
  self->end = end;

  return self;
}

gint64
onsite_visit_get_id (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 0);

  return self->id;
}

gint64
onsite_visit_get_ticket_id (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 0);

  return self->ticket_id;
}

gint64
onsite_visit_get_technician_id (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 0);

  return self->technician_id;
}

void
onsite_visit_set_technician_id (OnsiteVisit *self,
                                gint64       technician_id)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));

  if (self->technician_id == technician_id)
    return;

  self->technician_id = technician_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TECHNICIAN_ID]);
}

gint64
onsite_visit_get_start (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 0);

  return self->start;
}

gint64
onsite_visit_get_end (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 0);

  return self->end;
}

void
onsite_visit_set_times (OnsiteVisit *self,
                        gint64       start,
                        gint64       end)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));
  g_return_if_fail (end > start);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->start != start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }
  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

OnsiteVisitState
onsite_visit_get_state (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), ONSITE_VISIT_PLANNED);

  return self->state;
}

void
onsite_visit_set_state (OnsiteVisit      *self,
                        OnsiteVisitState  state)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));
  g_return_if_fail (state < ONSITE_N_VISIT_STATES);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gboolean
onsite_visit_get_pinned (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), FALSE);

  return self->pinned;
}

void
onsite_visit_set_pinned (OnsiteVisit *self,
                         gboolean     pinned)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));

  pinned = !!pinned;
  if (self->pinned == (guint)pinned)
    return;

  self->pinned = pinned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

gint64
onsite_visit_get_updated (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 0);

  return self->updated;
}

#define STRING_GETTER(field) \
const char * \
onsite_visit_get_##field (OnsiteVisit *self) \
{ \
  g_return_val_if_fail (ONSITE_IS_VISIT (self), NULL); \
  return self->field ? self->field : ""; \
}

STRING_GETTER (title)
STRING_GETTER (description)
STRING_GETTER (category)
STRING_GETTER (requester)
STRING_GETTER (requester_contact)
STRING_GETTER (site_name)
STRING_GETTER (address)
STRING_GETTER (building)
STRING_GETTER (floor)
STRING_GETTER (room)

#undef STRING_GETTER

/**
 * onsite_visit_get_ticket_remote_id:
 *
 * Returns: (nullable): the ticket's id at the ticket service, if it has one
 */
const char *
onsite_visit_get_ticket_remote_id (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), NULL);

  return self->ticket_remote_id;
}

void
onsite_visit_set_title (OnsiteVisit *self,
                        const char  *title)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
onsite_visit_set_category (OnsiteVisit *self,
                           const char  *category)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));

  if (g_strcmp0 (self->category, category) == 0)
    return;

  g_free (self->category);
  self->category = g_strdup (category);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

int
onsite_visit_get_priority (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 3);

  return self->priority;
}

gint64
onsite_visit_get_sla_due (OnsiteVisit *self)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), 0);

  return self->sla_due;
}

void
onsite_visit_set_sla_due (OnsiteVisit *self,
                          gint64       due)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));

  if (self->sla_due == due)
    return;

  self->sla_due = due;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLA_DUE]);
}

gboolean
onsite_visit_get_location (OnsiteVisit *self,
                           double      *latitude,
                           double      *longitude)
{
  g_return_val_if_fail (ONSITE_IS_VISIT (self), FALSE);

  if (latitude)
    *latitude = self->latitude;
  if (longitude)
    *longitude = self->longitude;

  return self->has_location;
}

void
onsite_visit_set_location (OnsiteVisit *self,
                           gboolean     has_location,
                           double       latitude,
                           double       longitude)
{
  g_return_if_fail (ONSITE_IS_VISIT (self));

  self->has_location = !!has_location;
  self->latitude = has_location ? latitude : 0.0;
  self->longitude = has_location ? longitude : 0.0;
}

/**
 * onsite_visit_dup_location_label:
 *
 * Returns: (transfer full): "Site, Address, Building B, Floor 3, Room 3.12",
 *   leaving out what is unknown; "" when nothing is known
 */
char *
onsite_visit_dup_location_label (OnsiteVisit *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *parts[5];

  g_return_val_if_fail (ONSITE_IS_VISIT (self), NULL);

  parts[0] = self->site_name;
  parts[1] = self->address;
  parts[2] = self->building;
  parts[3] = self->floor;
  parts[4] = self->room;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      /* The site is often named after its address. */
      if (i == 1 && g_strcmp0 (parts[0], parts[1]) == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, parts[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
