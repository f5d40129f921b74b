/* onsite-vendor-match.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-vendor-match"

#include "config.h"

#include "onsite-vendor-match.h"

/* One suggestion of "Hand to vendor…": a vendor, the contract, and why. */
struct _OnsiteVendorMatch
{
  GObject                   parent_instance;

  OnsiteVendorInfo         *vendor;
  OnsiteVendorContractInfo *contract;
  OnsiteMatchLevel          level;
  char                     *reason;
};

G_DEFINE_FINAL_TYPE (OnsiteVendorMatch, onsite_vendor_match, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VENDOR,
  PROP_CONTRACT,
  PROP_LEVEL,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
onsite_vendor_match_finalize (GObject *object)
{
  OnsiteVendorMatch *self = (OnsiteVendorMatch *)object;

  g_clear_object (&self->vendor);
  g_clear_object (&self->contract);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (onsite_vendor_match_parent_class)->finalize (object);
}

static void
onsite_vendor_match_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnsiteVendorMatch *self = ONSITE_VENDOR_MATCH (object);

  switch (prop_id)
    {
    case PROP_VENDOR:
      g_value_set_object (value, self->vendor);
      break;
    case PROP_CONTRACT:
      g_value_set_object (value, self->contract);
      break;
    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_vendor_match_class_init (OnsiteVendorMatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_vendor_match_finalize;
  object_class->get_property = onsite_vendor_match_get_property;

  properties [PROP_VENDOR] =
    g_param_spec_object ("vendor", NULL, NULL, ONSITE_TYPE_VENDOR_INFO, flags);
  properties [PROP_CONTRACT] =
    g_param_spec_object ("contract", NULL, NULL, ONSITE_TYPE_VENDOR_CONTRACT_INFO, flags);
  properties [PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties [PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_vendor_match_init (OnsiteVendorMatch *self)
{
}

OnsiteVendorMatch *
onsite_vendor_match_new (OnsiteVendorInfo         *vendor,
                         OnsiteVendorContractInfo *contract,
                         OnsiteMatchLevel          level,
                         const char               *reason)
{
  OnsiteVendorMatch *self;

  g_return_val_if_fail (ONSITE_IS_VENDOR_INFO (vendor), NULL);
  g_return_val_if_fail (ONSITE_IS_VENDOR_CONTRACT_INFO (contract), NULL);

  self = g_object_new (ONSITE_TYPE_VENDOR_MATCH, NULL);
  self->vendor = g_object_ref (vendor);
  self->contract = g_object_ref (contract);
  self->level = level;
  self->reason = g_strdup (reason);

  return self;
}

OnsiteVendorInfo *
onsite_vendor_match_get_vendor (OnsiteVendorMatch *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_MATCH (self), NULL);
  return self->vendor;
}

OnsiteVendorContractInfo *
onsite_vendor_match_get_contract (OnsiteVendorMatch *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_MATCH (self), NULL);
  return self->contract;
}

OnsiteMatchLevel
onsite_vendor_match_get_level (OnsiteVendorMatch *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_MATCH (self), 0);
  return self->level;
}

/* A sentence for the person choosing: why this vendor and contract. */
const char *
onsite_vendor_match_get_reason (OnsiteVendorMatch *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_MATCH (self), NULL);
  return self->reason;
}
