/* onsite-vendor-match.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "onsite-vendor-info.h"

G_BEGIN_DECLS

/**
 * OnsiteMatchLevel:
 * @ONSITE_MATCH_PRODUCT: a contract names the ticket's product
 * @ONSITE_MATCH_CATEGORY: a contract names the ticket's category
 * @ONSITE_MATCH_VENDOR_CATEGORY: the vendor covers the category and the
 *   contract covers everything the vendor does
 * @ONSITE_MATCH_OTHER_PRODUCT: the contract covers only some products of
 *   the category and the ticket does not say which product it is
 *
 * How specific a suggestion is, most specific first.
 */
typedef enum
{
  ONSITE_MATCH_PRODUCT,
  ONSITE_MATCH_CATEGORY,
  ONSITE_MATCH_VENDOR_CATEGORY,
  ONSITE_MATCH_OTHER_PRODUCT,
} OnsiteMatchLevel;

#define ONSITE_TYPE_VENDOR_MATCH (onsite_vendor_match_get_type ())

G_DECLARE_FINAL_TYPE (OnsiteVendorMatch, onsite_vendor_match, ONSITE, VENDOR_MATCH, GObject)

OnsiteVendorMatch        *onsite_vendor_match_new          (OnsiteVendorInfo         *vendor,
                                                            OnsiteVendorContractInfo *contract,
                                                            OnsiteMatchLevel          level,
                                                            const char               *reason);
OnsiteVendorInfo         *onsite_vendor_match_get_vendor   (OnsiteVendorMatch        *self);
OnsiteVendorContractInfo *onsite_vendor_match_get_contract (OnsiteVendorMatch        *self);
OnsiteMatchLevel          onsite_vendor_match_get_level    (OnsiteVendorMatch        *self);
const char               *onsite_vendor_match_get_reason   (OnsiteVendorMatch        *self);

G_END_DECLS
