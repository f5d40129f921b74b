/* onsite-handoff.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-handoff"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-handoff-private.h"
#include "onsite-types.h"

/*
 * One vendor case as the store read it: a read-only snapshot with a
 * property for everything a list row shows. Changes go through the store
 * (onsite_store_set_handoff_state() and friends), which writes the row,
 * the history line and the change for the ticket service together.
 */

G_DEFINE_FINAL_TYPE (OnsiteHandoff, onsite_handoff, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TICKET_ID,
  PROP_TICKET_TITLE,
  PROP_TICKET_REMOTE_ID,
  PROP_VENDOR_ID,
  PROP_VENDOR_NAME,
  PROP_CONTACT_ID,
  PROP_CONTACT_NAME,
  PROP_CONTACT_EMAIL,
  PROP_CONTRACT_ID,
  PROP_CONTRACT_NUMBER,
  PROP_STATE,
  PROP_VENDOR_REFERENCE,
  PROP_SUMMARY,
  PROP_NOTES,
  PROP_PAUSES_SLA,
  PROP_SENT_AT,
  PROP_ACKNOWLEDGE_DUE,
  PROP_RESOLVE_DUE,
  PROP_ACKNOWLEDGED_AT,
  PROP_STARTED_AT,
  PROP_RESOLVED_AT,
  PROP_CLOSED_AT,
  PROP_FOLLOW_UPS,
  PROP_LAST_FOLLOW_UP_AT,
  PROP_ESCALATED_AT,
  PROP_UPDATED_AT,
  PROP_VENDOR_DUE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
onsite_handoff_finalize (GObject *object)
{
  OnsiteHandoff *self = (OnsiteHandoff *)object;

  g_free (self->ticket_title);
  g_free (self->ticket_remote_id);
  g_free (self->vendor_name);
  g_free (self->contact_name);
  g_free (self->contact_email);
  g_free (self->contract_number);
  g_free (self->vendor_reference);
  g_free (self->summary);
  g_free (self->notes);

  G_OBJECT_CLASS (onsite_handoff_parent_class)->finalize (object);
}

static void
onsite_handoff_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OnsiteHandoff *self = ONSITE_HANDOFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TICKET_ID:
      g_value_set_int64 (value, self->ticket_id);
      break;
    case PROP_TICKET_TITLE:
      g_value_set_string (value, self->ticket_title);
      break;
    case PROP_TICKET_REMOTE_ID:
      g_value_set_string (value, self->ticket_remote_id);
      break;
    case PROP_VENDOR_ID:
      g_value_set_int64 (value, self->vendor_id);
      break;
    case PROP_VENDOR_NAME:
      g_value_set_string (value, self->vendor_name);
      break;
    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->contact_id);
      break;
    case PROP_CONTACT_NAME:
      g_value_set_string (value, self->contact_name);
      break;
    case PROP_CONTACT_EMAIL:
      g_value_set_string (value, self->contact_email);
      break;
    case PROP_CONTRACT_ID:
      g_value_set_int64 (value, self->contract_id);
      break;
    case PROP_CONTRACT_NUMBER:
      g_value_set_string (value, self->contract_number);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_VENDOR_REFERENCE:
      g_value_set_string (value, self->vendor_reference);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_PAUSES_SLA:
      g_value_set_boolean (value, self->pauses_sla);
      break;
    case PROP_SENT_AT:
      g_value_set_int64 (value, self->sent_at);
      break;
    case PROP_ACKNOWLEDGE_DUE:
      g_value_set_int64 (value, self->acknowledge_due);
      break;
    case PROP_RESOLVE_DUE:
      g_value_set_int64 (value, self->resolve_due);
      break;
    case PROP_ACKNOWLEDGED_AT:
      g_value_set_int64 (value, self->acknowledged_at);
      break;
    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PROP_RESOLVED_AT:
      g_value_set_int64 (value, self->resolved_at);
      break;
    case PROP_CLOSED_AT:
      g_value_set_int64 (value, self->closed_at);
      break;
    case PROP_FOLLOW_UPS:
      g_value_set_uint (value, self->follow_ups);
      break;
    case PROP_LAST_FOLLOW_UP_AT:
      g_value_set_int64 (value, self->last_follow_up_at);
      break;
    case PROP_ESCALATED_AT:
      g_value_set_int64 (value, self->escalated_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_VENDOR_DUE:
      g_value_set_int64 (value, onsite_handoff_get_vendor_due (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_handoff_class_init (OnsiteHandoffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_handoff_finalize;
  object_class->get_property = onsite_handoff_get_property;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_TICKET_TITLE] =
    g_param_spec_string ("ticket-title", NULL, NULL, NULL, flags);
  properties [PROP_TICKET_REMOTE_ID] =
    g_param_spec_string ("ticket-remote-id", NULL, NULL, NULL, flags);
  properties [PROP_VENDOR_ID] =
    g_param_spec_int64 ("vendor-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_VENDOR_NAME] =
    g_param_spec_string ("vendor-name", NULL, NULL, NULL, flags);
  properties [PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_CONTACT_NAME] =
    g_param_spec_string ("contact-name", NULL, NULL, NULL, flags);
  properties [PROP_CONTACT_EMAIL] =
    g_param_spec_string ("contact-email", NULL, NULL, NULL, flags);
  properties [PROP_CONTRACT_ID] =
    g_param_spec_int64 ("contract-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_CONTRACT_NUMBER] =
    g_param_spec_string ("contract-number", NULL, NULL, NULL, flags);
  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ONSITE_TYPE_HANDOFF_STATE, ONSITE_HANDOFF_REQUESTED, flags);
  properties [PROP_VENDOR_REFERENCE] =
    g_param_spec_string ("vendor-reference", NULL, NULL, NULL, flags);
  properties [PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  properties [PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties [PROP_PAUSES_SLA] =
    g_param_spec_boolean ("pauses-sla", NULL, NULL, FALSE, flags);
  properties [PROP_SENT_AT] =
    g_param_spec_int64 ("sent-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_ACKNOWLEDGE_DUE] =
    g_param_spec_int64 ("acknowledge-due", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_RESOLVE_DUE] =
    g_param_spec_int64 ("resolve-due", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_ACKNOWLEDGED_AT] =
    g_param_spec_int64 ("acknowledged-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_STARTED_AT] =
    g_param_spec_int64 ("started-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_RESOLVED_AT] =
    g_param_spec_int64 ("resolved-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_CLOSED_AT] =
    g_param_spec_int64 ("closed-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_FOLLOW_UPS] =
    g_param_spec_uint ("follow-ups", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_LAST_FOLLOW_UP_AT] =
    g_param_spec_int64 ("last-follow-up-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_ESCALATED_AT] =
    g_param_spec_int64 ("escalated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  /* The vendor's next due date: see onsite_handoff_get_vendor_due(). */
  properties [PROP_VENDOR_DUE] =
    g_param_spec_int64 ("vendor-due", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_handoff_init (OnsiteHandoff *self)
{
}

gint64
onsite_handoff_get_id (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->id;
}

gint64
onsite_handoff_get_ticket_id (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->ticket_id;
}

const char *
onsite_handoff_get_ticket_title (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->ticket_title;
}

const char *
onsite_handoff_get_ticket_remote_id (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->ticket_remote_id;
}

gint64
onsite_handoff_get_vendor_id (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->vendor_id;
}

const char *
onsite_handoff_get_vendor_name (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->vendor_name;
}

gint64
onsite_handoff_get_contact_id (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->contact_id;
}

const char *
onsite_handoff_get_contact_name (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->contact_name;
}

const char *
onsite_handoff_get_contact_email (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->contact_email;
}

gint64
onsite_handoff_get_contract_id (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->contract_id;
}

const char *
onsite_handoff_get_contract_number (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->contract_number;
}

OnsiteHandoffState
onsite_handoff_get_state (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), ONSITE_HANDOFF_REQUESTED);
  return self->state;
}

const char *
onsite_handoff_get_vendor_reference (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->vendor_reference;
}

const char *
onsite_handoff_get_summary (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->summary;
}

const char *
onsite_handoff_get_notes (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);
  return self->notes;
}

gboolean
onsite_handoff_get_pauses_sla (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), FALSE);
  return self->pauses_sla;
}

gint64
onsite_handoff_get_sent_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->sent_at;
}

gint64
onsite_handoff_get_acknowledge_due (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->acknowledge_due;
}

gint64
onsite_handoff_get_resolve_due (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->resolve_due;
}

gint64
onsite_handoff_get_acknowledged_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->acknowledged_at;
}

gint64
onsite_handoff_get_started_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->started_at;
}

gint64
onsite_handoff_get_resolved_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->resolved_at;
}

gint64
onsite_handoff_get_closed_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->closed_at;
}

guint
onsite_handoff_get_follow_ups (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->follow_ups;
}

gint64
onsite_handoff_get_last_follow_up_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->last_follow_up_at;
}

gint64
onsite_handoff_get_escalated_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->escalated_at;
}

gint64
onsite_handoff_get_updated_at (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);
  return self->updated_at;
}

/**
 * onsite_handoff_get_vendor_due:
 *
 * What the vendor owes next: the response while the case is requested,
 * the resolution while it is acknowledged or in progress.
 *
 * Returns: the due date, or 0 when the vendor owes nothing by a date (no
 *   contract, or the case is no longer with the vendor)
 */
gint64
onsite_handoff_get_vendor_due (OnsiteHandoff *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), 0);

  switch (self->state)
    {
    case ONSITE_HANDOFF_REQUESTED:
      return self->acknowledge_due;
    case ONSITE_HANDOFF_ACKNOWLEDGED:
    case ONSITE_HANDOFF_IN_PROGRESS:
      return self->resolve_due;
    case ONSITE_HANDOFF_RESOLVED:
    case ONSITE_HANDOFF_RETURNED:
    case ONSITE_HANDOFF_REJECTED:
    case ONSITE_N_HANDOFF_STATES:
    default:
      return 0;
    }
}

/**
 * onsite_handoff_get_time_left:
 * @seconds: (out): the vendor's time left at @now; negative when overdue
 *
 * Returns: %FALSE (and 0) when the vendor owes nothing by a date
 */
gboolean
onsite_handoff_get_time_left (OnsiteHandoff *self,
                              gint64         now,
                              gint64        *seconds)
{
  gint64 due;

  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);

  due = onsite_handoff_get_vendor_due (self);
  *seconds = due > 0 ? due - now : 0;

  return due > 0;
}

gboolean
onsite_handoff_is_overdue (OnsiteHandoff *self,
                           gint64         now)
{
  gint64 left;

  return onsite_handoff_get_time_left (self, now, &left) && left < 0;
}

/**
 * onsite_handoff_describe_time_left:
 *
 * Returns: (transfer full): "response 2 h 15 min left", "resolution
 *   overdue by 1 d 2 h", or what the case waits for when no date applies
 */
char *
onsite_handoff_describe_time_left (OnsiteHandoff *self,
                                   gint64         now)
{
  g_autofree char *amount = NULL;
  gint64 left;

  g_return_val_if_fail (ONSITE_IS_HANDOFF (self), NULL);

  if (!onsite_handoff_get_time_left (self, now, &left))
    {
      if (self->state == ONSITE_HANDOFF_RESOLVED)
        return g_strdup (_("waiting for L2 to check the fix"));
      if (onsite_handoff_state_waits_on_vendor (self->state))
        return g_strdup (_("no contract times"));
      return g_strdup (onsite_handoff_state_to_label (self->state));
    }

  amount = onsite_format_time_left (left);

  if (self->state == ONSITE_HANDOFF_REQUESTED)
    /* Translators: %s is e.g. "2 h 15 min left" or "overdue by 1 d 2 h" */
    return g_strdup_printf (_("response %s"), amount);

  /* Translators: %s is e.g. "2 h 15 min left" or "overdue by 1 d 2 h" */
  return g_strdup_printf (_("resolution %s"), amount);
}
