/* onsite-ticket.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-ticket"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-error.h"
#include "onsite-ticket-private.h"

G_DEFINE_FINAL_TYPE (OnsiteTicket, onsite_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_REQUESTER,
  PROP_CATEGORY,
  PROP_PRIORITY,
  PROP_SUPPORT_LEVEL,
  PROP_SLA_DUE,
  PROP_SITE_NAME,
  PROP_ADDRESS,
  PROP_HAS_LOCATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
onsite_ticket_finalize (GObject *object)
{
  OnsiteTicket *self = (OnsiteTicket *)object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->remote_version, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->requester, g_free);
  g_clear_pointer (&self->requester_contact, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->building, g_free);
  g_clear_pointer (&self->floor, g_free);
  g_clear_pointer (&self->room, g_free);

  G_OBJECT_CLASS (onsite_ticket_parent_class)->finalize (object);
}

static void
onsite_ticket_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OnsiteTicket *self = ONSITE_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_REQUESTER:
      g_value_set_string (value, self->requester);
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;

    case PROP_SUPPORT_LEVEL:
      g_value_set_int (value, self->support_level);
      break;

    case PROP_SLA_DUE:
      g_value_set_int64 (value, self->sla_due);
      break;

    case PROP_SITE_NAME:
      g_value_set_string (value, self->site_name);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_HAS_LOCATION:
      g_value_set_boolean (value, self->has_location);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_ticket_class_init (OnsiteTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_ticket_finalize;
  object_class->get_property = onsite_ticket_get_property;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_REQUESTER] =
    g_param_spec_string ("requester", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL,
                      ONSITE_PRIORITY_MIN, ONSITE_PRIORITY_MAX, 3,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SUPPORT_LEVEL] =
    g_param_spec_int ("support-level", NULL, NULL,
                      ONSITE_LEVEL_MIN, ONSITE_LEVEL_MAX, ONSITE_LEVEL_ONSITE,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SLA_DUE] =
    g_param_spec_int64 ("sla-due", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SITE_NAME] =
    g_param_spec_string ("site-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_HAS_LOCATION] =
    g_param_spec_boolean ("has-location", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_ticket_init (OnsiteTicket *self)
{
  self->priority = 3;
  self->urgency = 3;
  self->support_level = ONSITE_LEVEL_ONSITE;
  self->status = ONSITE_TICKET_STATUS_NEW;
}

/**
 * onsite_ticket_new:
 *
 * Creates an empty ticket. Code outside src/core gets tickets from the store;
 * this is for tests and connectors building a ticket to insert.
 *
 * Returns: (transfer full): a new #OnsiteTicket
 */
OnsiteTicket *
onsite_ticket_new (void)
{
  return g_object_new (ONSITE_TYPE_TICKET, NULL);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (const char *p = str; *p; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

gboolean
_onsite_ticket_validate (OnsiteTicket  *self,
                         GError       **error)
{
  g_assert (ONSITE_IS_TICKET (self));

  if (is_blank (self->title))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A ticket needs a title."));
      return FALSE;
    }

  if (self->priority < ONSITE_PRIORITY_MIN || self->priority > ONSITE_PRIORITY_MAX)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Priority %d is not one of 1 (critical) to 4 (low)."),
                   self->priority);
      return FALSE;
    }

  if (self->urgency < ONSITE_PRIORITY_MIN || self->urgency > ONSITE_PRIORITY_MAX)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Urgency %d is not one of 1 (critical) to 4 (low)."),
                   self->urgency);
      return FALSE;
    }

  if (self->support_level < ONSITE_LEVEL_MIN || self->support_level > ONSITE_LEVEL_MAX)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Support level %d is not one of 0 to 3."),
                   self->support_level);
      return FALSE;
    }

  if (self->status >= ONSITE_N_TICKET_STATUSES)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The ticket status is unknown."));
      return FALSE;
    }

  if (self->has_location &&
      !onsite_coordinates_valid (self->latitude, self->longitude, error))
    return FALSE;

  return TRUE;
}

#define STRING_GETTER(field) \
  const char * \
  onsite_ticket_get_##field (OnsiteTicket *self) \
  { \
    g_return_val_if_fail (ONSITE_IS_TICKET (self), NULL); \
    return self->field; \
  }

STRING_GETTER (remote_id)
STRING_GETTER (remote_version)
STRING_GETTER (title)
STRING_GETTER (description)
STRING_GETTER (requester)
STRING_GETTER (requester_contact)
STRING_GETTER (category)
STRING_GETTER (site_name)
STRING_GETTER (address)
STRING_GETTER (building)
STRING_GETTER (floor)
STRING_GETTER (room)

#undef STRING_GETTER

gint64
onsite_ticket_get_id (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->id;
}

int
onsite_ticket_get_priority (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->priority;
}

int
onsite_ticket_get_urgency (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->urgency;
}

int
onsite_ticket_get_support_level (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->support_level;
}

OnsiteTicketStatus
onsite_ticket_get_status (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->status;
}

gint64
onsite_ticket_get_created (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->created;
}

gint64
onsite_ticket_get_updated (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->updated;
}

gint64
onsite_ticket_get_sla_due (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->sla_due;
}

OnsiteSlaState
onsite_ticket_get_sla_state (OnsiteTicket *self,
                             gint64        now)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), ONSITE_SLA_NONE);
  return onsite_sla_state_compute (self->created, self->sla_due, now);
}

gint64
onsite_ticket_get_site_id (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), 0);
  return self->site_id;
}

/**
 * onsite_ticket_get_location:
 * @self: a ticket
 * @latitude: (out) (optional): degrees north
 * @longitude: (out) (optional): degrees east
 *
 * Returns: %TRUE if the ticket's site has a usable location
 */
gboolean
onsite_ticket_get_location (OnsiteTicket *self,
                            double       *latitude,
                            double       *longitude)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), FALSE);

  if (latitude)
    *latitude = self->has_location ? self->latitude : 0.0;
  if (longitude)
    *longitude = self->has_location ? self->longitude : 0.0;

  return self->has_location;
}

gboolean
onsite_ticket_get_location_invalid (OnsiteTicket *self)
{
  g_return_val_if_fail (ONSITE_IS_TICKET (self), FALSE);
  return self->location_invalid;
}
