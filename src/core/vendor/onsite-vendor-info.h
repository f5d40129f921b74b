/* onsite-vendor-info.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onsite-business-hours.h"

G_BEGIN_DECLS

/*
 * The vendor directory as the store read it: a vendor, its contacts and its
 * contracts. Read-only snapshots (change them through the store and read
 * again), with properties so that list widgets can bind them. The three
 * live in one file because none is used without the others.
 */

#define ONSITE_TYPE_VENDOR_CONTACT_INFO (onsite_vendor_contact_info_get_type ())
G_DECLARE_FINAL_TYPE (OnsiteVendorContactInfo, onsite_vendor_contact_info, ONSITE, VENDOR_CONTACT_INFO, GObject)

gint64       onsite_vendor_contact_info_get_id         (OnsiteVendorContactInfo *self);
gint64       onsite_vendor_contact_info_get_vendor_id  (OnsiteVendorContactInfo *self);
const char  *onsite_vendor_contact_info_get_name       (OnsiteVendorContactInfo *self);
const char  *onsite_vendor_contact_info_get_role       (OnsiteVendorContactInfo *self);
const char  *onsite_vendor_contact_info_get_phone      (OnsiteVendorContactInfo *self);
const char  *onsite_vendor_contact_info_get_email      (OnsiteVendorContactInfo *self);
gboolean     onsite_vendor_contact_info_get_escalation (OnsiteVendorContactInfo *self);

#define ONSITE_TYPE_VENDOR_CONTRACT_INFO (onsite_vendor_contract_info_get_type ())
G_DECLARE_FINAL_TYPE (OnsiteVendorContractInfo, onsite_vendor_contract_info, ONSITE, VENDOR_CONTRACT_INFO, GObject)

gint64               onsite_vendor_contract_info_get_id                 (OnsiteVendorContractInfo *self);
gint64               onsite_vendor_contract_info_get_vendor_id          (OnsiteVendorContractInfo *self);
const char          *onsite_vendor_contract_info_get_number             (OnsiteVendorContractInfo *self);
gint64               onsite_vendor_contract_info_get_valid_from         (OnsiteVendorContractInfo *self);
gint64               onsite_vendor_contract_info_get_valid_until        (OnsiteVendorContractInfo *self);
int                  onsite_vendor_contract_info_get_response_minutes   (OnsiteVendorContractInfo *self);
int                  onsite_vendor_contract_info_get_resolution_minutes (OnsiteVendorContractInfo *self);
const char          *onsite_vendor_contract_info_get_business_hours     (OnsiteVendorContractInfo *self);
const char          *onsite_vendor_contract_info_get_holidays           (OnsiteVendorContractInfo *self);
const char          *onsite_vendor_contract_info_get_timezone           (OnsiteVendorContractInfo *self);
gboolean             onsite_vendor_contract_info_get_pauses_sla         (OnsiteVendorContractInfo *self);
const char * const  *onsite_vendor_contract_info_get_covers             (OnsiteVendorContractInfo *self);
gboolean             onsite_vendor_contract_info_is_valid_at            (OnsiteVendorContractInfo *self,
                                                                         gint64                    at);
gboolean             onsite_vendor_contract_info_compute_dues           (OnsiteVendorContractInfo *self,
                                                                         gint64                    start,
                                                                         gint64                   *acknowledge_due,
                                                                         gint64                   *resolve_due,
                                                                         GError                  **error);

#define ONSITE_TYPE_VENDOR_INFO (onsite_vendor_info_get_type ())
G_DECLARE_FINAL_TYPE (OnsiteVendorInfo, onsite_vendor_info, ONSITE, VENDOR_INFO, GObject)

gint64                    onsite_vendor_info_get_id                 (OnsiteVendorInfo *self);
const char               *onsite_vendor_info_get_remote_id          (OnsiteVendorInfo *self);
const char               *onsite_vendor_info_get_name               (OnsiteVendorInfo *self);
const char               *onsite_vendor_info_get_website            (OnsiteVendorInfo *self);
const char * const       *onsite_vendor_info_get_categories         (OnsiteVendorInfo *self);
GListModel               *onsite_vendor_info_get_contacts           (OnsiteVendorInfo *self);
GListModel               *onsite_vendor_info_get_contracts          (OnsiteVendorInfo *self);
OnsiteVendorContactInfo  *onsite_vendor_info_find_contact           (OnsiteVendorInfo *self,
                                                                     gint64            contact_id);
OnsiteVendorContractInfo *onsite_vendor_info_find_contract          (OnsiteVendorInfo *self,
                                                                     gint64            contract_id);
OnsiteVendorContactInfo  *onsite_vendor_info_get_first_contact      (OnsiteVendorInfo *self);
OnsiteVendorContactInfo  *onsite_vendor_info_get_escalation_contact (OnsiteVendorInfo *self);

G_END_DECLS
