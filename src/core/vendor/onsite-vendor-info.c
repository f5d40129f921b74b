/* onsite-vendor-info.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-vendor-info"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-vendor-info-private.h"

/* Contact ---------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (OnsiteVendorContactInfo, onsite_vendor_contact_info, G_TYPE_OBJECT)

enum {
  CONTACT_PROP_0,
  CONTACT_PROP_ID,
  CONTACT_PROP_NAME,
  CONTACT_PROP_ROLE,
  CONTACT_PROP_PHONE,
  CONTACT_PROP_EMAIL,
  CONTACT_PROP_ESCALATION,
  CONTACT_N_PROPS
};

static GParamSpec *contact_properties [CONTACT_N_PROPS];

static void
onsite_vendor_contact_info_finalize (GObject *object)
{
  OnsiteVendorContactInfo *self = (OnsiteVendorContactInfo *)object;

  g_free (self->name);
  g_free (self->role);
  g_free (self->phone);
  g_free (self->email);

  G_OBJECT_CLASS (onsite_vendor_contact_info_parent_class)->finalize (object);
}

static void
onsite_vendor_contact_info_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  OnsiteVendorContactInfo *self = ONSITE_VENDOR_CONTACT_INFO (object);

  switch (prop_id)
    {
    case CONTACT_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case CONTACT_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case CONTACT_PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case CONTACT_PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case CONTACT_PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case CONTACT_PROP_ESCALATION:
      g_value_set_boolean (value, self->escalation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_vendor_contact_info_class_init (OnsiteVendorContactInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_vendor_contact_info_finalize;
  object_class->get_property = onsite_vendor_contact_info_get_property;

  contact_properties [CONTACT_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  contact_properties [CONTACT_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  contact_properties [CONTACT_PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  contact_properties [CONTACT_PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  contact_properties [CONTACT_PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  contact_properties [CONTACT_PROP_ESCALATION] = g_param_spec_boolean ("escalation", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, CONTACT_N_PROPS, contact_properties);
}

static void
onsite_vendor_contact_info_init (OnsiteVendorContactInfo *self)
{
}

gint64
onsite_vendor_contact_info_get_id (OnsiteVendorContactInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTACT_INFO (self), 0);
  return self->id;
}

gint64
onsite_vendor_contact_info_get_vendor_id (OnsiteVendorContactInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTACT_INFO (self), 0);
  return self->vendor_id;
}

const char *
onsite_vendor_contact_info_get_name (OnsiteVendorContactInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTACT_INFO (self), NULL);
  return self->name;
}

const char *
onsite_vendor_contact_info_get_role (OnsiteVendorContactInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTACT_INFO (self), NULL);
  return self->role;
}

const char *
onsite_vendor_contact_info_get_phone (OnsiteVendorContactInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTACT_INFO (self), NULL);
  return self->phone;
}

const char *
onsite_vendor_contact_info_get_email (OnsiteVendorContactInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTACT_INFO (self), NULL);
  return self->email;
}

gboolean
onsite_vendor_contact_info_get_escalation (OnsiteVendorContactInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTACT_INFO (self), FALSE);
  return self->escalation;
}

/* Contract --------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (OnsiteVendorContractInfo, onsite_vendor_contract_info, G_TYPE_OBJECT)

enum {
  CONTRACT_PROP_0,
  CONTRACT_PROP_ID,
  CONTRACT_PROP_NUMBER,
  CONTRACT_PROP_VALID_FROM,
  CONTRACT_PROP_VALID_UNTIL,
  CONTRACT_PROP_RESPONSE_MINUTES,
  CONTRACT_PROP_RESOLUTION_MINUTES,
  CONTRACT_PROP_BUSINESS_HOURS,
  CONTRACT_PROP_HOLIDAYS,
  CONTRACT_PROP_TIMEZONE,
  CONTRACT_PROP_PAUSES_SLA,
  CONTRACT_PROP_COVERS,
  CONTRACT_N_PROPS
};

static GParamSpec *contract_properties [CONTRACT_N_PROPS];

static void
onsite_vendor_contract_info_finalize (GObject *object)
{
  OnsiteVendorContractInfo *self = (OnsiteVendorContractInfo *)object;

  g_free (self->number);
  g_free (self->business_hours);
  g_free (self->holidays);
  g_free (self->timezone);
  g_strfreev (self->covers);

  G_OBJECT_CLASS (onsite_vendor_contract_info_parent_class)->finalize (object);
}

static void
onsite_vendor_contract_info_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  OnsiteVendorContractInfo *self = ONSITE_VENDOR_CONTRACT_INFO (object);

  switch (prop_id)
    {
    case CONTRACT_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case CONTRACT_PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case CONTRACT_PROP_VALID_FROM:
      g_value_set_int64 (value, self->valid_from);
      break;
    case CONTRACT_PROP_VALID_UNTIL:
      g_value_set_int64 (value, self->valid_until);
      break;
    case CONTRACT_PROP_RESPONSE_MINUTES:
      g_value_set_int (value, self->response_minutes);
      break;
    case CONTRACT_PROP_RESOLUTION_MINUTES:
      g_value_set_int (value, self->resolution_minutes);
      break;
    case CONTRACT_PROP_BUSINESS_HOURS:
      g_value_set_string (value, self->business_hours);
      break;
    case CONTRACT_PROP_HOLIDAYS:
      g_value_set_string (value, self->holidays);
      break;
    case CONTRACT_PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;
    case CONTRACT_PROP_PAUSES_SLA:
      g_value_set_boolean (value, self->pauses_sla);
      break;
    case CONTRACT_PROP_COVERS:
      g_value_set_boxed (value, self->covers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_vendor_contract_info_class_init (OnsiteVendorContractInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_vendor_contract_info_finalize;
  object_class->get_property = onsite_vendor_contract_info_get_property;

  contract_properties [CONTRACT_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  contract_properties [CONTRACT_PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  contract_properties [CONTRACT_PROP_VALID_FROM] = g_param_spec_int64 ("valid-from", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  contract_properties [CONTRACT_PROP_VALID_UNTIL] = g_param_spec_int64 ("valid-until", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  contract_properties [CONTRACT_PROP_RESPONSE_MINUTES] = g_param_spec_int ("response-minutes", NULL, NULL, 0, G_MAXINT, 0, flags);
  contract_properties [CONTRACT_PROP_RESOLUTION_MINUTES] = g_param_spec_int ("resolution-minutes", NULL, NULL, 0, G_MAXINT, 0, flags);
  contract_properties [CONTRACT_PROP_BUSINESS_HOURS] = g_param_spec_string ("business-hours", NULL, NULL, NULL, flags);
  contract_properties [CONTRACT_PROP_HOLIDAYS] = g_param_spec_string ("holidays", NULL, NULL, NULL, flags);
  contract_properties [CONTRACT_PROP_TIMEZONE] = g_param_spec_string ("timezone", NULL, NULL, NULL, flags);
  contract_properties [CONTRACT_PROP_PAUSES_SLA] = g_param_spec_boolean ("pauses-sla", NULL, NULL, FALSE, flags);
  contract_properties [CONTRACT_PROP_COVERS] = g_param_spec_boxed ("covers", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, CONTRACT_N_PROPS, contract_properties);
}

static void
onsite_vendor_contract_info_init (OnsiteVendorContractInfo *self)
{
}

gint64
onsite_vendor_contract_info_get_id (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), 0);
  return self->id;
}

gint64
onsite_vendor_contract_info_get_vendor_id (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), 0);
  return self->vendor_id;
}

const char *
onsite_vendor_contract_info_get_number (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), NULL);
  return self->number;
}

gint64
onsite_vendor_contract_info_get_valid_from (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), 0);
  return self->valid_from;
}

gint64
onsite_vendor_contract_info_get_valid_until (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), 0);
  return self->valid_until;
}

int
onsite_vendor_contract_info_get_response_minutes (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), 0);
  return self->response_minutes;
}

int
onsite_vendor_contract_info_get_resolution_minutes (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), 0);
  return self->resolution_minutes;
}

const char *
onsite_vendor_contract_info_get_business_hours (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), NULL);
  return self->business_hours;
}

const char *
onsite_vendor_contract_info_get_holidays (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), NULL);
  return self->holidays;
}

/* Empty for the computer's own time zone. */
const char *
onsite_vendor_contract_info_get_timezone (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), NULL);
  return self->timezone;
}

gboolean
onsite_vendor_contract_info_get_pauses_sla (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), FALSE);
  return self->pauses_sla;
}

/**
 * onsite_vendor_contract_info_get_covers:
 *
 * Returns: (transfer none): what the contract covers, "category" or
 *   "category/product"; empty when it covers all of its vendor's categories
 */
const char * const *
onsite_vendor_contract_info_get_covers (OnsiteVendorContractInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), NULL);
  return (const char * const *)self->covers;
}

/* A contract runs from the first second of valid-from to just before valid-until. */
gboolean
onsite_vendor_contract_info_is_valid_at (OnsiteVendorContractInfo *self,
                                         gint64                    at)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), FALSE);
  return self->valid_from <= at && at < self->valid_until;
}

/**
 * onsite_vendor_contract_info_compute_dues:
 * @start: when the case reached the vendor
 * @acknowledge_due: (out) (optional): the response due date
 * @resolve_due: (out) (optional): the resolution due date
 *
 * Counts the contract's response and resolution times from @start inside
 * its business hours, skipping its holidays, in its time zone.
 *
 * Returns: %TRUE, or %FALSE with @error set if the contract's hours,
 *   holidays or time zone cannot be read
 */
gboolean
onsite_vendor_contract_info_compute_dues (OnsiteVendorContractInfo  *self,
                                          gint64                     start,
                                          gint64                    *acknowledge_due,
                                          gint64                    *resolve_due,
                                          GError                   **error)
{
  g_autoptr(OnsiteBusinessHours) hours = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (self), FALSE);

  if (!(hours = onsite_business_hours_parse (self->business_hours, self->holidays, error)) ||
      !(tz = onsite_time_zone_from_id (self->timezone, error)))
    return FALSE;

  if (acknowledge_due)
    *acknowledge_due = onsite_business_hours_add_minutes (hours, tz, start, self->response_minutes);
  if (resolve_due)
    *resolve_due = onsite_business_hours_add_minutes (hours, tz, start, self->resolution_minutes);

  return TRUE;
}

/* Vendor ----------------------------------------------------------------- */

G_DEFINE_FINAL_TYPE (OnsiteVendorInfo, onsite_vendor_info, G_TYPE_OBJECT)

enum {
  VENDOR_PROP_0,
  VENDOR_PROP_ID,
  VENDOR_PROP_NAME,
  VENDOR_PROP_WEBSITE,
  VENDOR_PROP_CATEGORIES,
  VENDOR_PROP_CONTACTS,
  VENDOR_PROP_CONTRACTS,
  VENDOR_N_PROPS
};

static GParamSpec *vendor_properties [VENDOR_N_PROPS];

static void
onsite_vendor_info_finalize (GObject *object)
{
  OnsiteVendorInfo *self = (OnsiteVendorInfo *)object;

  g_free (self->remote_id);
  g_free (self->name);
  g_free (self->website);
  g_strfreev (self->categories);
  g_clear_object (&self->contacts);
  g_clear_object (&self->contracts);

  G_OBJECT_CLASS (onsite_vendor_info_parent_class)->finalize (object);
}

static void
onsite_vendor_info_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnsiteVendorInfo *self = ONSITE_VENDOR_INFO (object);

  switch (prop_id)
    {
    case VENDOR_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case VENDOR_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case VENDOR_PROP_WEBSITE:
      g_value_set_string (value, self->website);
      break;
    case VENDOR_PROP_CATEGORIES:
      g_value_set_boxed (value, self->categories);
      break;
    case VENDOR_PROP_CONTACTS:
      g_value_set_object (value, self->contacts);
      break;
    case VENDOR_PROP_CONTRACTS:
      g_value_set_object (value, self->contracts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_vendor_info_class_init (OnsiteVendorInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_vendor_info_finalize;
  object_class->get_property = onsite_vendor_info_get_property;

  vendor_properties [VENDOR_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  vendor_properties [VENDOR_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  vendor_properties [VENDOR_PROP_WEBSITE] = g_param_spec_string ("website", NULL, NULL, NULL, flags);
  vendor_properties [VENDOR_PROP_CATEGORIES] = g_param_spec_boxed ("categories", NULL, NULL, G_TYPE_STRV, flags);
  vendor_properties [VENDOR_PROP_CONTACTS] = g_param_spec_object ("contacts", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  vendor_properties [VENDOR_PROP_CONTRACTS] = g_param_spec_object ("contracts", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, VENDOR_N_PROPS, vendor_properties);
}

static void
onsite_vendor_info_init (OnsiteVendorInfo *self)
{
  self->contacts = g_list_store_new (ONSITE_TYPE_VENDOR_CONTACT_INFO);
  self->contracts = g_list_store_new (ONSITE_TYPE_VENDOR_CONTRACT_INFO);
}

gint64
onsite_vendor_info_get_id (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), 0);
  return self->id;
}

/* Nullable: only vendors that came from a ticket service have one. */
const char *
onsite_vendor_info_get_remote_id (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);
  return self->remote_id;
}

const char *
onsite_vendor_info_get_name (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);
  return self->name;
}

const char *
onsite_vendor_info_get_website (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);
  return self->website;
}

const char * const *
onsite_vendor_info_get_categories (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);
  return (const char * const *)self->categories;
}

/**
 * onsite_vendor_info_get_contacts:
 *
 * Returns: (transfer none): the contacts (#OnsiteVendorContactInfo), in
 *   the order they were added
 */
GListModel *
onsite_vendor_info_get_contacts (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);
  return G_LIST_MODEL (self->contacts);
}

/**
 * onsite_vendor_info_get_contracts:
 *
 * Returns: (transfer none): the contracts (#OnsiteVendorContractInfo),
 *   expired ones included, newest first
 */
GListModel *
onsite_vendor_info_get_contracts (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);
  return G_LIST_MODEL (self->contracts);
}

/**
 * onsite_vendor_info_find_contact:
 *
 * Returns: (transfer none) (nullable): the vendor's contact with that id
 */
OnsiteVendorContactInfo *
onsite_vendor_info_find_contact (OnsiteVendorInfo *self,
                                 gint64            contact_id)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->contacts)); i++)
    {
      g_autoptr(OnsiteVendorContactInfo) c = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      if (c->id == contact_id)
        return c;
    }

  return NULL;
}

/**
 * onsite_vendor_info_find_contract:
 *
 * Returns: (transfer none) (nullable): the vendor's contract with that id
 */
OnsiteVendorContractInfo *
onsite_vendor_info_find_contract (OnsiteVendorInfo *self,
                                  gint64            contract_id)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->contracts)); i++)
    {
      g_autoptr(OnsiteVendorContractInfo) c = g_list_model_get_item (G_LIST_MODEL (self->contracts), i);

      if (c->id == contract_id)
        return c;
    }

  return NULL;
}

static OnsiteVendorContactInfo *
first_contact (OnsiteVendorInfo *self,
               gboolean          escalation)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->contacts)); i++)
    {
      g_autoptr(OnsiteVendorContactInfo) c = g_list_model_get_item (G_LIST_MODEL (self->contacts), i);

      if (c->escalation == escalation)
        return c;
    }

  return NULL;
}

/**
 * onsite_vendor_info_get_first_contact:
 *
 * Returns: (transfer none) (nullable): where a hand-off goes by default:
 *   the first contact that is not only for escalations, else the first
 */
OnsiteVendorContactInfo *
onsite_vendor_info_get_first_contact (OnsiteVendorInfo *self)
{
  OnsiteVendorContactInfo *c;

  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);

  if ((c = first_contact (self, FALSE)))
    return c;

  return first_contact (self, TRUE);
}

/**
 * onsite_vendor_info_get_escalation_contact:
 *
 * Returns: (transfer none) (nullable): the first escalation contact
 */
OnsiteVendorContactInfo *
onsite_vendor_info_get_escalation_contact (OnsiteVendorInfo *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (self), NULL);

  return first_contact (self, TRUE);
}
