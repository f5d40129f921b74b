/* onsite-store-vendor.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-store-vendor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "onsite-store-private.h"
#include "onsite-store-vendor.h"
#include "onsite-store-vendor-private.h"
#include "vendor/onsite-handoff-private.h"
#include "vendor/onsite-vendor-info-private.h"

/*
 * The vendor directory and vendor cases (level 3) in the store.
 *
 * Every step of a hand-off is one transaction that writes the hand-off row,
 * one line of the ticket's history and one change for the ticket service,
 * so the three are saved or lost together. The history line carries the
 * hand-off's id and state in its data column: the ticket's SLA pauses are
 * computed from those lines, so a case that a vendor reopens pauses the
 * clock again.
 */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static char *
format_time (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static char *
format_minutes (int minutes)
{
  if (minutes % 60 == 0)
    /* Translators: a contract's time in hours, e.g. "4 h" */
    return g_strdup_printf (_("%d h"), minutes / 60);
  if (minutes < 60)
    return g_strdup_printf (_("%d min"), minutes);
  return g_strdup_printf (_("%d h %d min"), minutes / 60, minutes % 60);
}

/* An own transaction unless the caller (an import) holds one. */
static gboolean
begin_maybe (OnsiteStore  *self,
             gboolean     *own,
             GError      **error)
{
  *own = sqlite3_get_autocommit (_onsite_store_get_db (self));

  return !*own || onsite_store_begin (self, error);
}

static gboolean
commit_maybe (OnsiteStore  *self,
              gboolean      own,
              GError      **error)
{
  return !own || onsite_store_commit (self, error);
}

static void
rollback_maybe (OnsiteStore *self,
                gboolean     own)
{
  if (own)
    onsite_store_rollback (self);
}

/* Reading the directory ---------------------------------------------------- */

static GListStore *
load_directory (OnsiteStore  *self,
                gint64        vendor_id,
                GError      **error)
{
  static const char vendors_sql[] =
    "SELECT id, remote_id, name, website FROM vendors"
    " WHERE ?1 = 0 OR id = ?1 ORDER BY name COLLATE NOCASE, id";
  static const char categories_sql[] =
    "SELECT vendor_id, category FROM vendor_categories"
    " WHERE ?1 = 0 OR vendor_id = ?1 ORDER BY vendor_id, category";
  static const char contacts_sql[] =
    "SELECT id, vendor_id, name, role, phone, email, escalation FROM vendor_contacts"
    " WHERE ?1 = 0 OR vendor_id = ?1 ORDER BY vendor_id, id";
  static const char contracts_sql[] =
    "SELECT id, vendor_id, number, valid_from, valid_until, response_minutes,"
    "  resolution_minutes, business_hours, holidays, timezone, pauses_sla"
    " FROM vendor_contracts WHERE ?1 = 0 OR vendor_id = ?1"
    " ORDER BY valid_until DESC, id";
  static const char coverage_sql[] =
    "SELECT v.contract_id, v.category, v.product FROM vendor_contract_coverage v"
    " JOIN vendor_contracts k ON k.id = v.contract_id"
    " WHERE ?1 = 0 OR k.vendor_id = ?1 ORDER BY v.contract_id, v.category, v.product";
  g_autoptr(GListStore) list = g_list_store_new (ONSITE_TYPE_VENDOR_INFO);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) contracts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) categories = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GHashTable) covers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _onsite_store_prepare (self, vendors_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(OnsiteVendorInfo) v = g_object_new (ONSITE_TYPE_VENDOR_INFO, NULL);

      v->id = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        v->remote_id = _onsite_column_dup (stmt, 1);
      v->name = _onsite_column_dup (stmt, 2);
      v->website = _onsite_column_dup (stmt, 3);
      g_list_store_append (list, v);
      g_hash_table_insert (by_id, &v->id, v);
      g_hash_table_insert (categories, v, g_ptr_array_new_with_free_func (g_free));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failure;

  if (!(stmt = _onsite_store_prepare (self, categories_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      OnsiteVendorInfo *v = g_hash_table_lookup (by_id, &id);

      if (v)
        g_ptr_array_add (g_hash_table_lookup (categories, v), _onsite_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failure;

  if (!(stmt = _onsite_store_prepare (self, contacts_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(OnsiteVendorContactInfo) c = g_object_new (ONSITE_TYPE_VENDOR_CONTACT_INFO, NULL);
      OnsiteVendorInfo *v;

      c->id = sqlite3_column_int64 (stmt, 0);
      c->vendor_id = sqlite3_column_int64 (stmt, 1);
      c->name = _onsite_column_dup (stmt, 2);
      c->role = _onsite_column_dup (stmt, 3);
      c->phone = _onsite_column_dup (stmt, 4);
      c->email = _onsite_column_dup (stmt, 5);
      c->escalation = sqlite3_column_int (stmt, 6) != 0;
      if ((v = g_hash_table_lookup (by_id, &c->vendor_id)))
        g_list_store_append (v->contacts, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failure;

  if (!(stmt = _onsite_store_prepare (self, contracts_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(OnsiteVendorContractInfo) c = g_object_new (ONSITE_TYPE_VENDOR_CONTRACT_INFO, NULL);
      OnsiteVendorInfo *v;

      c->id = sqlite3_column_int64 (stmt, 0);
      c->vendor_id = sqlite3_column_int64 (stmt, 1);
      c->number = _onsite_column_dup (stmt, 2);
      c->valid_from = sqlite3_column_int64 (stmt, 3);
      c->valid_until = sqlite3_column_int64 (stmt, 4);
      c->response_minutes = sqlite3_column_int (stmt, 5);
      c->resolution_minutes = sqlite3_column_int (stmt, 6);
      c->business_hours = _onsite_column_dup (stmt, 7);
      c->holidays = _onsite_column_dup (stmt, 8);
      c->timezone = _onsite_column_dup (stmt, 9);
      c->pauses_sla = sqlite3_column_int (stmt, 10) != 0;
      if ((v = g_hash_table_lookup (by_id, &c->vendor_id)))
        {
          g_list_store_append (v->contracts, c);
          g_hash_table_insert (contracts, &c->id, c);
          g_hash_table_insert (covers, c, g_ptr_array_new_with_free_func (g_free));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failure;

  if (!(stmt = _onsite_store_prepare (self, coverage_sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      OnsiteVendorContractInfo *c = g_hash_table_lookup (contracts, &id);
      const char *category = (const char *)sqlite3_column_text (stmt, 1);
      const char *product = (const char *)sqlite3_column_text (stmt, 2);

      if (c == NULL)
        continue;
      if (product && *product)
        g_ptr_array_add (g_hash_table_lookup (covers, c), g_strdup_printf ("%s/%s", category, product));
      else
        g_ptr_array_add (g_hash_table_lookup (covers, c), g_strdup (category));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failure;

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, categories);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_ptr_array_add (value, NULL);
        ((OnsiteVendorInfo *)key)->categories = (GStrv)g_ptr_array_steal (value, NULL);
      }

    g_hash_table_iter_init (&iter, covers);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_ptr_array_add (value, NULL);
        ((OnsiteVendorContractInfo *)key)->covers = (GStrv)g_ptr_array_steal (value, NULL);
      }
  }

  return g_steal_pointer (&list);

failure:
  _onsite_store_set_error (self, rc, _("read the vendor directory"), error);
  return NULL;
}

/**
 * onsite_store_list_vendors:
 *
 * The whole vendor directory, by name, each vendor with its contacts and
 * contracts (expired ones too).
 *
 * Returns: (transfer full): a list of #OnsiteVendorInfo, or %NULL with
 *   @error set
 */
GListModel *
onsite_store_list_vendors (OnsiteStore  *self,
                           GError      **error)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  return (GListModel *)load_directory (self, 0, error);
}

/**
 * onsite_store_get_vendor:
 *
 * Returns: (transfer full): the vendor with its contacts and contracts, or
 *   %NULL with %ONSITE_STORE_ERROR_NOT_FOUND or another error
 */
OnsiteVendorInfo *
onsite_store_get_vendor (OnsiteStore  *self,
                         gint64        vendor_id,
                         GError      **error)
{
  g_autoptr(GListStore) list = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (vendor_id <= 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("No vendor was chosen."));
      return NULL;
    }

  if (!(list = load_directory (self, vendor_id, error)))
    return NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("Vendor %" G_GINT64_FORMAT " does not exist."), vendor_id);
      return NULL;
    }

  return g_list_model_get_item (G_LIST_MODEL (list), 0);
}

/**
 * onsite_store_find_vendor:
 * @name: the vendor's name, compared without regard to case
 *
 * Returns: the vendor's id; 0 if there is none (@error stays unset) or on
 *   failure (@error set)
 */
gint64
onsite_store_find_vendor (OnsiteStore  *self,
                          const char   *name,
                          GError      **error)
{
  static const char sql[] = "SELECT id FROM vendors WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return 0;

  _onsite_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    _onsite_store_set_error (self, rc, _("find the vendor"), error);
  sqlite3_reset (stmt);

  return id;
}

/**
 * onsite_store_get_vendor_contract:
 *
 * Returns: (transfer full): the contract, or %NULL with @error set
 */
OnsiteVendorContractInfo *
onsite_store_get_vendor_contract (OnsiteStore  *self,
                                  gint64        contract_id,
                                  GError      **error)
{
  static const char sql[] = "SELECT vendor_id FROM vendor_contracts WHERE id = ?1";
  g_autoptr(OnsiteVendorInfo) vendor = NULL;
  OnsiteVendorContractInfo *contract;
  sqlite3_stmt *stmt;
  gint64 vendor_id = 0;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, contract_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    vendor_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the contract"), error);
      return NULL;
    }

  if (vendor_id == 0 ||
      !(vendor = onsite_store_get_vendor (self, vendor_id, NULL)) ||
      !(contract = onsite_vendor_info_find_contract (vendor, contract_id)))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("Contract %" G_GINT64_FORMAT " does not exist."), contract_id);
      return NULL;
    }

  return g_object_ref (contract);
}

/* Writing the directory ---------------------------------------------------- */

static gboolean
check_changed (OnsiteStore  *self,
               const char   *what,
               GError      **error)
{
  if (sqlite3_changes (_onsite_store_get_db (self)) == 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is "The vendor", "The contact" or "The contract" */
                   _("%s no longer exists."), what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
replace_categories (OnsiteStore         *self,
                    gint64               vendor_id,
                    const char * const  *categories,
                    GError             **error)
{
  static const char delete_sql[] = "DELETE FROM vendor_categories WHERE vendor_id = ?1";
  static const char insert_sql[] =
    "INSERT OR IGNORE INTO vendor_categories (vendor_id, category) VALUES (?1, ?2)";
  sqlite3_stmt *stmt;

  if (!(stmt = _onsite_store_prepare (self, delete_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  if (!_onsite_store_step_done (self, stmt, _("save the vendor’s categories"), error))
    return FALSE;

  for (guint i = 0; categories && categories[i]; i++)
    {
      g_autofree char *category = g_strstrip (g_strdup (categories[i]));

      if (*category == '\0')
        continue;
      if (!(stmt = _onsite_store_prepare (self, insert_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, vendor_id);
      _onsite_bind_text (stmt, 2, category);
      if (!_onsite_store_step_done (self, stmt, _("save the vendor’s categories"), error))
        return FALSE;
    }

  return TRUE;
}

/**
 * onsite_store_update_vendor:
 * @categories: (nullable): the categories it covers; %NULL keeps them
 *
 * Renames a vendor, changes its website and what it covers.
 */
gboolean
onsite_store_update_vendor (OnsiteStore         *self,
                            gint64               vendor_id,
                            const char          *name,
                            const char          *website,
                            const char * const  *categories,
                            GError             **error)
{
  static const char sql[] = "UPDATE vendors SET name = ?2, website = ?3 WHERE id = ?1";
  sqlite3_stmt *stmt;
  gboolean own;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (is_blank (name))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A vendor needs a name."));
      return FALSE;
    }

  if (!begin_maybe (self, &own, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  _onsite_bind_text (stmt, 2, name);
  _onsite_bind_text (stmt, 3, website);
  if (!_onsite_store_step_done (self, stmt, _("save the vendor"), error) ||
      !check_changed (self, _("The vendor"), error))
    goto failure;

  if (categories && !replace_categories (self, vendor_id, categories, error))
    goto failure;

  return commit_maybe (self, own, error);

failure:
  rollback_maybe (self, own);
  return FALSE;
}

/**
 * onsite_store_delete_vendor:
 *
 * Removes a vendor with its contacts and contracts. A vendor that has had
 * hand-offs is kept: its cases are part of tickets' histories.
 */
gboolean
onsite_store_delete_vendor (OnsiteStore  *self,
                            gint64        vendor_id,
                            GError      **error)
{
  static const char count_sql[] = "SELECT count(*) FROM handoffs WHERE vendor_id = ?1";
  static const char sql[] = "DELETE FROM vendors WHERE id = ?1";
  sqlite3_stmt *stmt;
  gint64 cases = 0;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, count_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    cases = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (cases > 0)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The vendor has %" G_GINT64_FORMAT " vendor case in tickets’ histories and cannot be removed.",
                                "The vendor has %" G_GINT64_FORMAT " vendor cases in tickets’ histories and cannot be removed.",
                                cases),
                   cases);
      return FALSE;
    }

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, vendor_id);

  return _onsite_store_step_done (self, stmt, _("remove the vendor"), error) &&
         check_changed (self, _("The vendor"), error);
}

static gboolean
validate_email (const char  *email,
                GError     **error)
{
  const char *at;

  if (email == NULL || *email == '\0')
    return TRUE;

  at = strchr (email, '@');
  for (const char *p = email; *p; p++)
    {
      /* Nothing that could end an address or start another header in a
       * mailto: link or an e-mail client. */
      if ((guchar)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>' ||
          *p == '"' || *p == '\\' || *p == 0x7f)
        at = NULL;
    }

  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@'))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_ADDRESS,
                   _("“%s” is not an e-mail address."), email);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_contact (const OnsiteVendorContact  *contact,
                  GError                    **error)
{
  if (is_blank (contact->name))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A contact needs a name (a person or a desk)."));
      return FALSE;
    }

  return validate_email (contact->email, error);
}

/**
 * onsite_store_add_vendor_contact:
 *
 * Returns: the new contact's id, or 0 with @error set
 */
gint64
onsite_store_add_vendor_contact (OnsiteStore                *self,
                                 gint64                      vendor_id,
                                 const OnsiteVendorContact  *contact,
                                 GError                    **error)
{
  static const char sql[] =
    "INSERT INTO vendor_contacts (vendor_id, name, role, phone, email, escalation)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (contact != NULL, 0);

  if (!validate_contact (contact, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return 0;

  sqlite3_bind_int64 (stmt, 1, vendor_id);
  _onsite_bind_text (stmt, 2, contact->name);
  _onsite_bind_text (stmt, 3, contact->role);
  _onsite_bind_text (stmt, 4, contact->phone);
  _onsite_bind_text (stmt, 5, contact->email);
  sqlite3_bind_int (stmt, 6, contact->escalation ? 1 : 0);

  if (!_onsite_store_step_done (self, stmt, _("save the contact"), error))
    return 0;

  return sqlite3_last_insert_rowid (_onsite_store_get_db (self));
}

gboolean
onsite_store_update_vendor_contact (OnsiteStore                *self,
                                    gint64                      contact_id,
                                    const OnsiteVendorContact  *contact,
                                    GError                    **error)
{
  static const char sql[] =
    "UPDATE vendor_contacts SET name = ?2, role = ?3, phone = ?4, email = ?5, escalation = ?6"
    " WHERE id = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (contact != NULL, FALSE);

  if (!validate_contact (contact, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, contact_id);
  _onsite_bind_text (stmt, 2, contact->name);
  _onsite_bind_text (stmt, 3, contact->role);
  _onsite_bind_text (stmt, 4, contact->phone);
  _onsite_bind_text (stmt, 5, contact->email);
  sqlite3_bind_int (stmt, 6, contact->escalation ? 1 : 0);

  return _onsite_store_step_done (self, stmt, _("save the contact"), error) &&
         check_changed (self, _("The contact"), error);
}

gboolean
onsite_store_delete_vendor_contact (OnsiteStore  *self,
                                    gint64        contact_id,
                                    GError      **error)
{
  static const char sql[] = "DELETE FROM vendor_contacts WHERE id = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact_id);

  return _onsite_store_step_done (self, stmt, _("remove the contact"), error) &&
         check_changed (self, _("The contact"), error);
}

/**
 * onsite_vendor_contract_validate:
 *
 * Checks a contract before it is saved: a number, a validity that ends
 * after it starts, positive times, business hours, holidays and a time
 * zone that can be read.
 *
 * Returns: %TRUE, or %FALSE with @error saying what to fix
 */
gboolean
onsite_vendor_contract_validate (const OnsiteVendorContract  *contract,
                                 GError                     **error)
{
  g_autoptr(OnsiteBusinessHours) hours = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (contract != NULL, FALSE);

  if (is_blank (contract->number))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A contract needs a number."));
      return FALSE;
    }

  if (contract->valid_until <= contract->valid_from)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Contract %s must end after it starts."), contract->number);
      return FALSE;
    }

  if (contract->response_minutes <= 0 || contract->resolution_minutes <= 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Contract %s must promise a response and a resolution time of at least a minute."),
                   contract->number);
      return FALSE;
    }

  if (contract->resolution_minutes < contract->response_minutes)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Contract %s promises a resolution sooner than a response."),
                   contract->number);
      return FALSE;
    }

  if (!(hours = onsite_business_hours_parse (contract->business_hours ? contract->business_hours
                                                                      : "mon-fri 08:00-18:00",
                                             contract->holidays, error)) ||
      !(tz = onsite_time_zone_from_id (contract->timezone, error)))
    return FALSE;

  for (guint i = 0; contract->covers && contract->covers[i]; i++)
    {
      const char *c = contract->covers[i];

      if (is_blank (c) || c[0] == '/')
        {
          g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                       _("Contract %s: “%s” is not something it can cover; write a category, or category/product."),
                       contract->number, c);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
replace_coverage (OnsiteStore         *self,
                  gint64               contract_id,
                  const char * const  *covers,
                  GError             **error)
{
  static const char delete_sql[] = "DELETE FROM vendor_contract_coverage WHERE contract_id = ?1";
  static const char insert_sql[] =
    "INSERT OR IGNORE INTO vendor_contract_coverage (contract_id, category, product)"
    " VALUES (?1, ?2, ?3)";
  sqlite3_stmt *stmt;

  if (!(stmt = _onsite_store_prepare (self, delete_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contract_id);
  if (!_onsite_store_step_done (self, stmt, _("save the contract"), error))
    return FALSE;

  for (guint i = 0; covers && covers[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (covers[i], "/", 2);

      if (!(stmt = _onsite_store_prepare (self, insert_sql, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, contract_id);
      _onsite_bind_text (stmt, 2, g_strstrip (parts[0]));
      _onsite_bind_text (stmt, 3, parts[1] ? g_strstrip (parts[1]) : "");
      if (!_onsite_store_step_done (self, stmt, _("save the contract"), error))
        return FALSE;
    }

  return TRUE;
}

static void
bind_contract (sqlite3_stmt               *stmt,
               const OnsiteVendorContract *contract)
{
  _onsite_bind_text (stmt, 2, contract->number);
  sqlite3_bind_int64 (stmt, 3, contract->valid_from);
  sqlite3_bind_int64 (stmt, 4, contract->valid_until);
  sqlite3_bind_int (stmt, 5, contract->response_minutes);
  sqlite3_bind_int (stmt, 6, contract->resolution_minutes);
  _onsite_bind_text (stmt, 7, contract->business_hours ? contract->business_hours : "mon-fri 08:00-18:00");
  sqlite3_bind_int (stmt, 8, contract->pauses_sla ? 1 : 0);
  _onsite_bind_text (stmt, 9, contract->holidays);
  _onsite_bind_text (stmt, 10, contract->timezone);
}

/**
 * onsite_store_add_vendor_contract:
 *
 * Returns: the new contract's id, or 0 with @error set
 */
gint64
onsite_store_add_vendor_contract (OnsiteStore                 *self,
                                  gint64                       vendor_id,
                                  const OnsiteVendorContract  *contract,
                                  GError                     **error)
{
  static const char sql[] =
    "INSERT INTO vendor_contracts (vendor_id, number, valid_from, valid_until,"
    "  response_minutes, resolution_minutes, business_hours, pauses_sla, holidays, timezone)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
  sqlite3_stmt *stmt;
  gboolean own;
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (contract != NULL, 0);

  if (!onsite_vendor_contract_validate (contract, error))
    return 0;

  if (!begin_maybe (self, &own, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, vendor_id);
  bind_contract (stmt, contract);
  if (!_onsite_store_step_done (self, stmt, _("save the contract"), error))
    goto failure;

  id = sqlite3_last_insert_rowid (_onsite_store_get_db (self));

  if (!replace_coverage (self, id, contract->covers, error) ||
      !commit_maybe (self, own, error))
    goto failure;

  return id;

failure:
  rollback_maybe (self, own);
  return 0;
}

gboolean
onsite_store_update_vendor_contract (OnsiteStore                 *self,
                                     gint64                       contract_id,
                                     const OnsiteVendorContract  *contract,
                                     GError                     **error)
{
  static const char sql[] =
    "UPDATE vendor_contracts SET number = ?2, valid_from = ?3, valid_until = ?4,"
    "  response_minutes = ?5, resolution_minutes = ?6, business_hours = ?7,"
    "  pauses_sla = ?8, holidays = ?9, timezone = ?10"
    " WHERE id = ?1";
  sqlite3_stmt *stmt;
  gboolean own;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (contract != NULL, FALSE);

  if (!onsite_vendor_contract_validate (contract, error))
    return FALSE;

  if (!begin_maybe (self, &own, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, contract_id);
  bind_contract (stmt, contract);
  if (!_onsite_store_step_done (self, stmt, _("save the contract"), error) ||
      !check_changed (self, _("The contract"), error) ||
      !replace_coverage (self, contract_id, contract->covers, error))
    goto failure;

  return commit_maybe (self, own, error);

failure:
  rollback_maybe (self, own);
  return FALSE;
}

/**
 * onsite_store_delete_vendor_contract:
 *
 * Removes a contract. One that an open hand-off runs under is kept until
 * the case is over; closed cases keep their dates and lose the link.
 */
gboolean
onsite_store_delete_vendor_contract (OnsiteStore  *self,
                                     gint64        contract_id,
                                     GError      **error)
{
  static const char count_sql[] =
    "SELECT count(*) FROM handoffs WHERE contract_id = ?1"
    " AND state IN ('requested', 'acknowledged', 'in-progress', 'resolved')";
  static const char sql[] = "DELETE FROM vendor_contracts WHERE id = ?1";
  sqlite3_stmt *stmt;
  gint64 open = 0;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, count_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contract_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    open = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (open > 0)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("An open vendor case runs under this contract; close the case first."));
      return FALSE;
    }

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contract_id);

  return _onsite_store_step_done (self, stmt, _("remove the contract"), error) &&
         check_changed (self, _("The contract"), error);
}

/* Matching ---------------------------------------------------------------- */

static int
compare_matches (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  OnsiteVendorMatch *ma = (OnsiteVendorMatch *)a;
  OnsiteVendorMatch *mb = (OnsiteVendorMatch *)b;
  OnsiteVendorContractInfo *ca = onsite_vendor_match_get_contract (ma);
  OnsiteVendorContractInfo *cb = onsite_vendor_match_get_contract (mb);
  int cmp;

  if ((cmp = (int)onsite_vendor_match_get_level (ma) - (int)onsite_vendor_match_get_level (mb)))
    return cmp;
  if ((cmp = ca->response_minutes - cb->response_minutes))
    return cmp;
  if ((cmp = ca->resolution_minutes - cb->resolution_minutes))
    return cmp;
  if ((cmp = g_utf8_collate (onsite_vendor_info_get_name (onsite_vendor_match_get_vendor (ma)),
                             onsite_vendor_info_get_name (onsite_vendor_match_get_vendor (mb)))))
    return cmp;

  return g_strcmp0 (ca->number, cb->number);
}

static gboolean
same_words (const char *a,
            const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_strcmp0 (g_strstrip (fa), g_strstrip (fb)) == 0;
}

/**
 * onsite_store_match_vendors:
 * @category: the ticket's category
 * @product: (nullable): the device's product or model, when known
 * @now: the day the contracts must be valid on
 *
 * The vendors to suggest for "Hand to vendor…": each contract valid at @now
 * that covers @category (and @product, when the contract names products),
 * most specific first (see #OnsiteMatchLevel), then fastest response.
 * Each suggestion says why, in words.
 *
 * Returns: (transfer full): a list of #OnsiteVendorMatch, possibly empty;
 *   %NULL with @error set on failure
 */
GListModel *
onsite_store_match_vendors (OnsiteStore  *self,
                            const char   *category,
                            const char   *product,
                            gint64        now,
                            GError      **error)
{
  g_autoptr(GListStore) directory = NULL;
  g_autoptr(GListStore) matches = g_list_store_new (ONSITE_TYPE_VENDOR_MATCH);
  gboolean product_known = !is_blank (product);

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (is_blank (category))
    return G_LIST_MODEL (g_steal_pointer (&matches));

  if (!(directory = load_directory (self, 0, error)))
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (directory)); i++)
    {
      g_autoptr(OnsiteVendorInfo) vendor = g_list_model_get_item (G_LIST_MODEL (directory), i);

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (vendor->contracts)); j++)
        {
          g_autoptr(OnsiteVendorContractInfo) contract = g_list_model_get_item (G_LIST_MODEL (vendor->contracts), j);
          g_autoptr(OnsiteVendorMatch) match = NULL;
          g_autofree char *why = NULL;
          g_autofree char *reason = NULL;
          g_autofree char *response = NULL;
          g_autofree char *resolution = NULL;
          g_autofree char *covered_product = NULL;
          int level = -1;

          if (!onsite_vendor_contract_info_is_valid_at (contract, now))
            continue;

          if (contract->covers && contract->covers[0])
            {
              for (guint k = 0; contract->covers[k]; k++)
                {
                  g_auto(GStrv) parts = g_strsplit (contract->covers[k], "/", 2);
                  int this_level;

                  if (!same_words (parts[0], category))
                    continue;

                  if (parts[1] == NULL || *parts[1] == '\0')
                    this_level = ONSITE_MATCH_CATEGORY;
                  else if (!product_known)
                    this_level = ONSITE_MATCH_OTHER_PRODUCT;
                  else if (same_words (parts[1], product))
                    this_level = ONSITE_MATCH_PRODUCT;
                  else
                    continue;

                  if (level < 0 || this_level < level)
                    {
                      level = this_level;
                      g_free (covered_product);
                      covered_product = g_strdup (parts[1]);
                    }
                }
            }
          else if (vendor->categories)
            {
              for (guint k = 0; vendor->categories[k]; k++)
                if (same_words (vendor->categories[k], category))
                  level = ONSITE_MATCH_VENDOR_CATEGORY;
            }

          if (level < 0)
            continue;

          switch (level)
            {
            case ONSITE_MATCH_PRODUCT:
              /* Translators: contract number, product, category */
              why = g_strdup_printf (_("Contract %s covers %s (%s)."),
                                     contract->number, covered_product, category);
              break;
            case ONSITE_MATCH_CATEGORY:
              why = g_strdup_printf (_("Contract %s covers all “%s” equipment."),
                                     contract->number, category);
              break;
            case ONSITE_MATCH_VENDOR_CATEGORY:
              /* Translators: vendor name, category, contract number */
              why = g_strdup_printf (_("%s covers “%s”, and contract %s applies to everything it covers."),
                                     vendor->name, category, contract->number);
              break;
            case ONSITE_MATCH_OTHER_PRODUCT:
            default:
              why = g_strdup_printf (_("Contract %s covers only some “%s” products, such as %s; check that this device is one of them."),
                                     contract->number, category, covered_product);
              break;
            }

          response = format_minutes (contract->response_minutes);
          resolution = format_minutes (contract->resolution_minutes);
          /* Translators: "<why> Response within 4 h, resolution within 24 h, mon-fri 08:00-18:00." */
          reason = g_strdup_printf (_("%s Response within %s, resolution within %s, %s."),
                                    why, response, resolution, contract->business_hours);

          match = onsite_vendor_match_new (vendor, contract, level, reason);
          g_list_store_append (matches, match);
        }
    }

  g_list_store_sort (matches, compare_matches, NULL);

  return G_LIST_MODEL (g_steal_pointer (&matches));
}

/* Hand-offs --------------------------------------------------------------- */

#define HANDOFF_COLUMNS \
  "h.id, h.ticket_id, t.title, coalesce (t.remote_id, ''), h.vendor_id, v.name," \
  " coalesce (h.contact_id, 0), coalesce (c.name, ''), coalesce (c.email, '')," \
  " coalesce (h.contract_id, 0), coalesce (k.number, ''), h.state, h.vendor_reference," \
  " h.summary, h.notes, h.pauses_sla, coalesce (h.sent_at, h.created_at)," \
  " coalesce (h.acknowledge_due, 0), coalesce (h.resolve_due, 0)," \
  " coalesce (h.acknowledged_at, 0), coalesce (h.started_at, 0)," \
  " coalesce (h.resolved_at, 0), coalesce (h.closed_at, 0), h.follow_ups," \
  " coalesce (h.last_follow_up_at, 0), coalesce (h.escalated_at, 0)," \
  " h.created_at, h.updated_at" \
  " FROM handoffs h JOIN tickets t ON t.id = h.ticket_id" \
  " JOIN vendors v ON v.id = h.vendor_id" \
  " LEFT JOIN vendor_contacts c ON c.id = h.contact_id" \
  " LEFT JOIN vendor_contracts k ON k.id = h.contract_id"

static OnsiteHandoff *
handoff_from_row (sqlite3_stmt *stmt)
{
  OnsiteHandoff *h = g_object_new (ONSITE_TYPE_HANDOFF, NULL);

  h->id = sqlite3_column_int64 (stmt, 0);
  h->ticket_id = sqlite3_column_int64 (stmt, 1);
  h->ticket_title = _onsite_column_dup (stmt, 2);
  h->ticket_remote_id = _onsite_column_dup (stmt, 3);
  h->vendor_id = sqlite3_column_int64 (stmt, 4);
  h->vendor_name = _onsite_column_dup (stmt, 5);
  h->contact_id = sqlite3_column_int64 (stmt, 6);
  h->contact_name = _onsite_column_dup (stmt, 7);
  h->contact_email = _onsite_column_dup (stmt, 8);
  h->contract_id = sqlite3_column_int64 (stmt, 9);
  h->contract_number = _onsite_column_dup (stmt, 10);
  if (!onsite_handoff_state_from_string ((const char *)sqlite3_column_text (stmt, 11), &h->state))
    h->state = ONSITE_HANDOFF_REQUESTED;
  h->vendor_reference = _onsite_column_dup (stmt, 12);
  h->summary = _onsite_column_dup (stmt, 13);
  h->notes = _onsite_column_dup (stmt, 14);
  h->pauses_sla = sqlite3_column_int (stmt, 15) != 0;
  h->sent_at = sqlite3_column_int64 (stmt, 16);
  h->acknowledge_due = sqlite3_column_int64 (stmt, 17);
  h->resolve_due = sqlite3_column_int64 (stmt, 18);
  h->acknowledged_at = sqlite3_column_int64 (stmt, 19);
  h->started_at = sqlite3_column_int64 (stmt, 20);
  h->resolved_at = sqlite3_column_int64 (stmt, 21);
  h->closed_at = sqlite3_column_int64 (stmt, 22);
  h->follow_ups = sqlite3_column_int (stmt, 23);
  h->last_follow_up_at = sqlite3_column_int64 (stmt, 24);
  h->escalated_at = sqlite3_column_int64 (stmt, 25);
  h->created_at = sqlite3_column_int64 (stmt, 26);
  h->updated_at = sqlite3_column_int64 (stmt, 27);

  return h;
}

/**
 * onsite_store_get_handoff:
 *
 * Returns: (transfer full): the hand-off, or %NULL with @error set
 */
OnsiteHandoff *
onsite_store_get_handoff (OnsiteStore  *self,
                          gint64        handoff_id,
                          GError      **error)
{
  static const char sql[] = "SELECT " HANDOFF_COLUMNS " WHERE h.id = ?1";
  OnsiteHandoff *handoff = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, handoff_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    handoff = handoff_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                 _("Vendor case %" G_GINT64_FORMAT " does not exist."), handoff_id);
  else
    _onsite_store_set_error (self, rc, _("read the vendor case"), error);
  sqlite3_reset (stmt);

  return handoff;
}

/**
 * onsite_store_list_handoffs:
 * @ticket_id: a ticket, or 0 for every ticket
 * @open_only: only cases not yet returned or rejected
 *
 * Returns: (transfer full) (element-type OnsiteHandoff): the hand-offs,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
onsite_store_list_handoffs (OnsiteStore  *self,
                            gint64        ticket_id,
                            gboolean      open_only,
                            GError      **error)
{
  static const char sql[] =
    "SELECT " HANDOFF_COLUMNS
    " WHERE (?1 = 0 OR h.ticket_id = ?1)"
    "   AND (?2 = 0 OR h.state IN ('requested', 'acknowledged', 'in-progress', 'resolved'))"
    " ORDER BY coalesce (h.sent_at, h.created_at), h.id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int (stmt, 2, open_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, handoff_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the vendor cases"), error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

/**
 * onsite_store_get_open_handoff:
 *
 * Returns: (transfer full) (nullable): the ticket's open vendor case; %NULL
 *   when there is none (@error unset) or on failure (@error set)
 */
OnsiteHandoff *
onsite_store_get_open_handoff (OnsiteStore  *self,
                               gint64        ticket_id,
                               GError      **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(list = onsite_store_list_handoffs (self, ticket_id, TRUE, error)) || list->len == 0)
    return NULL;

  return g_object_ref (g_ptr_array_index (list, list->len - 1));
}

/* One line of the ticket's history, with the case's id and state. */
static gboolean
add_handoff_event (OnsiteStore         *self,
                   OnsiteHandoff       *handoff,
                   OnsiteHandoffState   state,
                   gboolean             pauses_sla,
                   const char          *kind,
                   gint64               at,
                   const char          *actor,
                   const char          *summary,
                   GError             **error)
{
  static const char sql[] =
    "INSERT INTO events (ticket_id, at, actor, kind, summary, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  sqlite3_stmt *stmt;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "handoff");
  json_builder_add_int_value (builder, handoff->id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, onsite_handoff_state_to_string (state));
  json_builder_set_member_name (builder, "pauses_sla");
  json_builder_add_boolean_value (builder, pauses_sla);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = json_to_string (root, FALSE);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, handoff->ticket_id);
  sqlite3_bind_int64 (stmt, 2, at);
  _onsite_bind_text (stmt, 3, actor);
  _onsite_bind_text (stmt, 4, kind);
  _onsite_bind_text (stmt, 5, summary);
  _onsite_bind_text (stmt, 6, data);

  return _onsite_store_step_done (self, stmt, _("record the change"), error);
}

/*
 * The change for the ticket service: a comment, and optionally the
 * vendor-case field and the ticket's status. The RT connector sends a
 * "handoff" change as one comment plus one update of the fields.
 */
static gboolean
enqueue_handoff_change (OnsiteStore  *self,
                        gint64        handoff_id,
                        gint64        ticket_id,
                        const char   *state,
                        const char   *text,
                        const char   *actor,
                        const char   *status,
                        const char   *previous_status,
                        const char   *reference,
                        const char   *previous_reference,
                        GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "handoff");
  json_builder_add_int_value (builder, handoff_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, actor ? actor : "");
  if (status != NULL)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status);
      json_builder_set_member_name (builder, "previous");
      json_builder_add_string_value (builder, previous_status ? previous_status : "");
    }
  if (reference != NULL)
    {
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "vendor-reference");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, reference);
      json_builder_set_member_name (builder, "previous");
      json_builder_add_string_value (builder, previous_reference ? previous_reference : "");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);

  return _onsite_store_enqueue_change (self, ticket_id, "handoff", payload, error);
}

static gboolean
enqueue_comment (OnsiteStore  *self,
                 gint64        ticket_id,
                 const char   *text,
                 const char   *actor,
                 GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, actor ? actor : "");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);

  return _onsite_store_enqueue_change (self, ticket_id, "comment", payload, error);
}

/*
 * Moves the ticket to @status when the case changes who holds it, and says
 * which status it had (for the change's base at the ticket service). A
 * ticket that someone meanwhile resolved or closed is left alone.
 */
static gboolean
move_ticket (OnsiteStore         *self,
             gint64               ticket_id,
             OnsiteTicketStatus   status,
             gint64               at,
             OnsiteTicketStatus  *previous,
             gboolean            *moved,
             GError             **error)
{
  static const char read_sql[] = "SELECT status FROM tickets WHERE id = ?1";
  static const char write_sql[] = "UPDATE tickets SET status = ?2, updated_at = ?3 WHERE id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  *moved = FALSE;

  if (!(stmt = _onsite_store_prepare (self, read_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW ||
      !onsite_ticket_status_from_string ((const char *)sqlite3_column_text (stmt, 0), previous))
    {
      sqlite3_reset (stmt);
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("Ticket %" G_GINT64_FORMAT " does not exist."), ticket_id);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (*previous == status || !onsite_ticket_status_is_open (*previous))
    return TRUE;

  if (!(stmt = _onsite_store_prepare (self, write_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, onsite_ticket_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, at);
  if (!_onsite_store_step_done (self, stmt, _("change the status"), error))
    return FALSE;

  *moved = TRUE;
  return TRUE;
}

static char *
describe_contact (OnsiteVendorContactInfo *contact)
{
  if (contact == NULL)
    return g_strdup ("");
  if (contact->email && *contact->email)
    return g_strdup_printf ("%s <%s>", contact->name, contact->email);
  return g_strdup (contact->name);
}

/**
 * onsite_store_request_handoff:
 *
 * Hands a ticket to a vendor: records the case with the vendor's due
 * dates from the contract, puts the ticket in "waiting", writes the
 * history line and queues the comment, the waiting status for the ticket
 * service — all in one transaction.
 *
 * Returns: the new hand-off's id, or 0 with @error set (nothing written)
 */
gint64
onsite_store_request_handoff (OnsiteStore                 *self,
                              const OnsiteHandoffRequest  *request,
                              GError                     **error)
{
  static const char sql[] =
    "INSERT INTO handoffs (ticket_id, vendor_id, contact_id, contract_id, state,"
    "  sent_at, acknowledge_due, resolve_due, notes, summary, pauses_sla, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, 'requested', ?5, ?6, ?7, ?8, ?9, ?10, ?5, ?5)";
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(OnsiteHandoff) open = NULL;
  g_autoptr(OnsiteVendorInfo) vendor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autofree char *event = NULL;
  g_autofree char *text = NULL;
  g_autofree char *to = NULL;
  g_autofree char *notes = NULL;
  OnsiteVendorContactInfo *contact = NULL;
  OnsiteVendorContractInfo *contract = NULL;
  OnsiteTicketStatus previous;
  gint64 ack_due = 0, resolve_due = 0;
  gboolean moved;
  sqlite3_stmt *stmt;
  gint64 at, id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (request != NULL, 0);

  at = request->sent_at > 0 ? request->sent_at : now_seconds ();

  if (is_blank (request->summary))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A hand-off needs a summary for the vendor."));
      return 0;
    }

  if (!(ticket = onsite_store_get_ticket (self, request->ticket_id, error)))
    return 0;

  if (!onsite_ticket_status_is_open (onsite_ticket_get_status (ticket)))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("The ticket is %s; only an open ticket can go to a vendor."),
                   onsite_ticket_status_to_label (onsite_ticket_get_status (ticket)));
      return 0;
    }

  open = onsite_store_get_open_handoff (self, request->ticket_id, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  if (open)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("The ticket is already with %s (%s); close that vendor case first."),
                   open->vendor_name, onsite_handoff_state_to_label (open->state));
      return 0;
    }

  if (!(vendor = onsite_store_get_vendor (self, request->vendor_id, error)))
    return 0;

  if (request->contact_id > 0)
    {
      if (!(contact = onsite_vendor_info_find_contact (vendor, request->contact_id)))
        {
          g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                       _("That contact is not one of %s’s."), vendor->name);
          return 0;
        }
    }
  else if (!(contact = onsite_vendor_info_get_first_contact (vendor)))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("%s has no contact to send the case to; add one in the vendor directory."),
                   vendor->name);
      return 0;
    }

  if (request->contract_id > 0)
    {
      if (!(contract = onsite_vendor_info_find_contract (vendor, request->contract_id)))
        {
          g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                       _("That contract is not one of %s’s."), vendor->name);
          return 0;
        }

      if (!onsite_vendor_contract_info_is_valid_at (contract, at))
        {
          g_autofree char *from = format_time (contract->valid_from);
          g_autofree char *until = format_time (contract->valid_until);

          g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                       _("Contract %s of %s is not valid now: it runs from %s to %s."),
                       contract->number, vendor->name, from, until);
          return 0;
        }

      if (!onsite_vendor_contract_info_compute_dues (contract, at, &ack_due, &resolve_due, error))
        return 0;
    }

  if (!onsite_store_begin (self, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  if (!is_blank (request->note))
    {
      g_autofree char *when = format_time (at);

      notes = g_strdup_printf ("%s %s: %s\n", when, request->actor ? request->actor : "", request->note);
    }

  sqlite3_bind_int64 (stmt, 1, request->ticket_id);
  sqlite3_bind_int64 (stmt, 2, vendor->id);
  sqlite3_bind_int64 (stmt, 3, contact->id);
  if (contract)
    sqlite3_bind_int64 (stmt, 4, contract->id);
  sqlite3_bind_int64 (stmt, 5, at);
  _onsite_bind_time_or_null (stmt, 6, ack_due);
  _onsite_bind_time_or_null (stmt, 7, resolve_due);
  _onsite_bind_text (stmt, 8, notes);
  _onsite_bind_text (stmt, 9, request->summary);
  sqlite3_bind_int (stmt, 10, contract && contract->pauses_sla ? 1 : 0);
  if (!_onsite_store_step_done (self, stmt, _("save the vendor case"), error))
    goto failure;

  id = sqlite3_last_insert_rowid (_onsite_store_get_db (self));

  if (!(handoff = onsite_store_get_handoff (self, id, error)) ||
      !move_ticket (self, request->ticket_id, ONSITE_TICKET_STATUS_WAITING, at, &previous, &moved, error))
    goto failure;

  to = describe_contact (contact);
  if (contract)
    {
      g_autofree char *ack = format_time (ack_due);
      g_autofree char *res = format_time (resolve_due);

      /* Translators: vendor, contract number, contact */
      event = g_strdup_printf (_("Handed to %s under contract %s, sent to %s"),
                               vendor->name, contract->number, to);
      /* Translators: first line, then response and resolution due dates */
      text = g_strdup_printf (_("%s. Response due %s, resolution due %s.\n\n%s"),
                              event, ack, res, request->summary);
    }
  else
    {
      event = g_strdup_printf (_("Handed to %s without a contract, sent to %s"), vendor->name, to);
      text = g_strdup_printf ("%s.\n\n%s", event, request->summary);
    }

  if (!add_handoff_event (self, handoff, ONSITE_HANDOFF_REQUESTED, handoff->pauses_sla, "handoff",
                          at, request->actor, event, error) ||
      !enqueue_handoff_change (self, id, request->ticket_id, "requested", text, request->actor,
                               "waiting", onsite_ticket_status_to_string (previous),
                               NULL, NULL, error))
    goto failure;

  if (!onsite_store_commit (self, error))
    return 0;

  return id;

failure:
  onsite_store_rollback (self);
  return 0;
}

static char *
describe_step (OnsiteHandoff      *handoff,
               OnsiteHandoffState  state,
               const char         *reference)
{
  const char *vendor = handoff->vendor_name;
  const char *ref = reference && *reference ? reference : handoff->vendor_reference;

  switch (state)
    {
    case ONSITE_HANDOFF_ACKNOWLEDGED:
      /* Translators: vendor, the vendor's case reference */
      return g_strdup_printf (_("%s acknowledged the case as %s"), vendor, ref);
    case ONSITE_HANDOFF_IN_PROGRESS:
      if (handoff->state == ONSITE_HANDOFF_RESOLVED)
        return g_strdup_printf (_("The fix did not hold; case %s is back with %s"), ref, vendor);
      return g_strdup_printf (_("%s is working on the case %s"), vendor, ref);
    case ONSITE_HANDOFF_RESOLVED:
      return g_strdup_printf (_("%s reports the case %s resolved; L2 checks the fix"), vendor, ref);
    case ONSITE_HANDOFF_RETURNED:
      return g_strdup_printf (_("Vendor case %s with %s closed; the ticket is back with L2"), ref, vendor);
    case ONSITE_HANDOFF_REJECTED:
      return g_strdup_printf (_("%s rejected the case"), vendor);
    case ONSITE_HANDOFF_REQUESTED:
    case ONSITE_N_HANDOFF_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
append_note (OnsiteStore  *self,
             gint64        handoff_id,
             const char   *note,
             gint64        at,
             const char   *actor,
             GError      **error)
{
  static const char sql[] = "UPDATE handoffs SET notes = notes || ?2, updated_at = ?3 WHERE id = ?1";
  g_autofree char *when = NULL;
  g_autofree char *line = NULL;
  sqlite3_stmt *stmt;

  if (is_blank (note))
    return TRUE;

  when = format_time (at);
  line = g_strdup_printf ("%s %s: %s\n", when, actor ? actor : "", note);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, handoff_id);
  _onsite_bind_text (stmt, 2, line);
  sqlite3_bind_int64 (stmt, 3, at);

  return _onsite_store_step_done (self, stmt, _("save the note"), error);
}

static gboolean
change_state (OnsiteStore         *self,
              gint64               handoff_id,
              OnsiteHandoffState   state,
              const char          *reference,
              const char          *note,
              gint64               at,
              const char          *actor,
              GError             **error)
{
  static const char sql[] =
    "UPDATE handoffs SET state = ?2, updated_at = ?3,"
    "  vendor_reference = CASE WHEN ?4 <> '' THEN ?4 ELSE vendor_reference END,"
    "  acknowledged_at = CASE WHEN ?2 IN ('acknowledged', 'in-progress', 'resolved')"
    "                         THEN coalesce (acknowledged_at, ?3) ELSE acknowledged_at END,"
    "  started_at = CASE WHEN ?2 = 'in-progress' THEN coalesce (started_at, ?3) ELSE started_at END,"
    "  resolved_at = CASE WHEN ?2 = 'resolved' THEN ?3"
    "                     WHEN ?2 = 'in-progress' THEN NULL ELSE resolved_at END,"
    "  closed_at = CASE WHEN ?2 IN ('returned', 'rejected') THEN ?3 ELSE closed_at END"
    " WHERE id = ?1";
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autofree char *event = NULL;
  g_autofree char *text = NULL;
  g_autofree char *clean_reference = NULL;
  OnsiteTicketStatus previous;
  OnsiteTicketStatus target;
  gboolean moved;
  gboolean reference_changed;
  sqlite3_stmt *stmt;

  if (!(handoff = onsite_store_get_handoff (self, handoff_id, error)))
    return FALSE;

  if (!onsite_handoff_state_check_change (handoff->state, state, error))
    return FALSE;

  clean_reference = g_strstrip (g_strdup (reference ? reference : ""));
  reference_changed = *clean_reference && g_strcmp0 (clean_reference, handoff->vendor_reference) != 0;

  if (state == ONSITE_HANDOFF_ACKNOWLEDGED && *clean_reference == '\0' && *handoff->vendor_reference == '\0')
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("Enter the vendor’s case reference to acknowledge the case."));
      return FALSE;
    }

  if (state == ONSITE_HANDOFF_REJECTED && is_blank (note))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("Say why the vendor rejected the case."));
      return FALSE;
    }

  if (at <= 0)
    at = now_seconds ();

  if (at < handoff->sent_at)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION,
                   _("A step of a vendor case cannot come before the case was sent."));
      return FALSE;
    }

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, handoff_id);
  sqlite3_bind_text (stmt, 2, onsite_handoff_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, at);
  _onsite_bind_text (stmt, 4, clean_reference);
  if (!_onsite_store_step_done (self, stmt, _("save the vendor case"), error) ||
      !append_note (self, handoff_id, note, at, actor, error))
    goto failure;

  target = onsite_handoff_state_waits_on_vendor (state) ? ONSITE_TICKET_STATUS_WAITING
                                                        : ONSITE_TICKET_STATUS_OPEN;
  if (!move_ticket (self, handoff->ticket_id, target, at, &previous, &moved, error))
    goto failure;

  event = describe_step (handoff, state, clean_reference);
  if (!is_blank (note))
    text = g_strdup_printf ("%s.\n\n%s", event, note);
  else
    text = g_strdup_printf ("%s.", event);

  if (!add_handoff_event (self, handoff, state, handoff->pauses_sla, "handoff", at, actor, event, error) ||
      !enqueue_handoff_change (self, handoff_id, handoff->ticket_id,
                               onsite_handoff_state_to_string (state), text, actor,
                               /* A ticket someone closed meanwhile keeps its status. */
                               onsite_ticket_status_is_open (previous) ? onsite_ticket_status_to_string (target) : NULL,
                               onsite_ticket_status_to_string (previous),
                               reference_changed ? clean_reference : NULL,
                               handoff->vendor_reference, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_acknowledge_handoff:
 * @vendor_reference: the vendor's own case number, as it answered
 * @at: when the vendor answered; 0 for now
 *
 * Records the vendor's answer. Like every step, in one transaction with
 * the history line and the change for the ticket service (a comment, the
 * vendor-case field and the waiting status).
 */
gboolean
onsite_store_acknowledge_handoff (OnsiteStore  *self,
                                  gint64        handoff_id,
                                  const char   *vendor_reference,
                                  gint64        at,
                                  const char   *actor,
                                  GError      **error)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (is_blank (vendor_reference))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("Enter the vendor’s case reference to acknowledge the case."));
      return FALSE;
    }

  return change_state (self, handoff_id, ONSITE_HANDOFF_ACKNOWLEDGED, vendor_reference,
                       NULL, at, actor, error);
}

/**
 * onsite_store_set_handoff_state:
 * @state: the next state; see onsite_handoff_state_check_change()
 * @note: (nullable): what happened, in words; required for a rejection
 * @at: when it happened; 0 for now
 *
 * Moves a vendor case on. While the vendor holds the case the ticket is
 * "waiting"; once the vendor resolved, rejected or L2 took it back it is
 * "open" again. Impossible steps are refused with
 * %ONSITE_VENDOR_ERROR_TRANSITION and nothing is written.
 */
gboolean
onsite_store_set_handoff_state (OnsiteStore         *self,
                                gint64               handoff_id,
                                OnsiteHandoffState   state,
                                const char          *note,
                                gint64               at,
                                const char          *actor,
                                GError             **error)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (state < ONSITE_N_HANDOFF_STATES, FALSE);

  if (state == ONSITE_HANDOFF_REQUESTED)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION,
                   _("A vendor case cannot go back to “Requested”; send a follow-up instead."));
      return FALSE;
    }

  return change_state (self, handoff_id, state, NULL, note, at, actor, error);
}

/**
 * onsite_store_set_handoff_reference:
 *
 * Corrects the vendor's case reference without changing the state.
 */
gboolean
onsite_store_set_handoff_reference (OnsiteStore  *self,
                                    gint64        handoff_id,
                                    const char   *vendor_reference,
                                    gint64        at,
                                    const char   *actor,
                                    GError      **error)
{
  static const char sql[] =
    "UPDATE handoffs SET vendor_reference = ?2, updated_at = ?3 WHERE id = ?1";
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *event = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(handoff = onsite_store_get_handoff (self, handoff_id, error)))
    return FALSE;

  reference = g_strstrip (g_strdup (vendor_reference ? vendor_reference : ""));
  if (*reference == '\0')
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                   _("The vendor’s case reference cannot be empty."));
      return FALSE;
    }
  if (g_strcmp0 (reference, handoff->vendor_reference) == 0)
    return TRUE;

  if (at <= 0)
    at = now_seconds ();

  if (*handoff->vendor_reference)
    event = g_strdup_printf (_("%s’s case reference changed from %s to %s"),
                             handoff->vendor_name, handoff->vendor_reference, reference);
  else
    event = g_strdup_printf (_("%s’s case reference is %s"), handoff->vendor_name, reference);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, handoff_id);
  _onsite_bind_text (stmt, 2, reference);
  sqlite3_bind_int64 (stmt, 3, at);
  if (!_onsite_store_step_done (self, stmt, _("save the vendor case"), error))
    goto failure;

  {
    g_autofree char *text = g_strdup_printf ("%s.", event);

    if (!add_handoff_event (self, handoff, handoff->state, handoff->pauses_sla, "handoff-reference",
                            at, actor, event, error) ||
        !enqueue_handoff_change (self, handoff_id, handoff->ticket_id,
                                 onsite_handoff_state_to_string (handoff->state), text, actor,
                                 NULL, NULL, reference, handoff->vendor_reference, error))
      goto failure;
  }

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_add_handoff_note:
 *
 * Adds a note to the case; it goes to the ticket service as a comment.
 */
gboolean
onsite_store_add_handoff_note (OnsiteStore  *self,
                               gint64        handoff_id,
                               const char   *note,
                               gint64        at,
                               const char   *actor,
                               GError      **error)
{
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autofree char *event = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (is_blank (note))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("An empty note cannot be added."));
      return FALSE;
    }

  if (!(handoff = onsite_store_get_handoff (self, handoff_id, error)))
    return FALSE;

  if (at <= 0)
    at = now_seconds ();

  /* Translators: %s is the vendor's name */
  event = g_strdup_printf (_("Note on the case with %s"), handoff->vendor_name);
  text = g_strdup_printf ("%s:\n\n%s", event, note);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!append_note (self, handoff_id, note, at, actor, error) ||
      !add_handoff_event (self, handoff, handoff->state, handoff->pauses_sla, "handoff-note",
                          at, actor, event, error) ||
      !enqueue_comment (self, handoff->ticket_id, text, actor, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_follow_up_handoff:
 * @escalate: %TRUE when the follow-up goes to the vendor's escalation
 *   contact rather than the usual one
 * @note: (nullable): what was asked
 *
 * Records that the coordinator chased the vendor (the message itself goes
 * through the desktop's e-mail client). Only a case the vendor holds can
 * be chased; escalating needs an escalation contact.
 */
gboolean
onsite_store_follow_up_handoff (OnsiteStore  *self,
                                gint64        handoff_id,
                                gboolean      escalate,
                                const char   *note,
                                gint64        at,
                                const char   *actor,
                                GError      **error)
{
  static const char sql[] =
    "UPDATE handoffs SET follow_ups = follow_ups + 1, last_follow_up_at = ?2, updated_at = ?2,"
    "  escalated_at = CASE WHEN ?3 THEN coalesce (escalated_at, ?2) ELSE escalated_at END"
    " WHERE id = ?1";
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autoptr(OnsiteVendorInfo) vendor = NULL;
  g_autofree char *event = NULL;
  g_autofree char *text = NULL;
  g_autofree char *to = NULL;
  OnsiteVendorContactInfo *contact;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(handoff = onsite_store_get_handoff (self, handoff_id, error)))
    return FALSE;

  if (!onsite_handoff_state_waits_on_vendor (handoff->state))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION,
                   _("The vendor no longer holds the case (“%s”); there is nothing to chase."),
                   onsite_handoff_state_to_label (handoff->state));
      return FALSE;
    }

  if (!(vendor = onsite_store_get_vendor (self, handoff->vendor_id, error)))
    return FALSE;

  if (escalate)
    {
      if (!(contact = onsite_vendor_info_get_escalation_contact (vendor)))
        {
          g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_REFUSED,
                       _("%s has no escalation contact; add one in the vendor directory."),
                       vendor->name);
          return FALSE;
        }
    }
  else if (!(contact = onsite_vendor_info_find_contact (vendor, handoff->contact_id)))
    contact = onsite_vendor_info_get_first_contact (vendor);

  if (at <= 0)
    at = now_seconds ();

  to = describe_contact (contact);
  if (escalate)
    /* Translators: contact, vendor */
    event = g_strdup_printf (_("Escalated to %s at %s"), to, vendor->name);
  else
    event = g_strdup_printf (_("Followed up with %s at %s"), to, vendor->name);
  if (!is_blank (note))
    text = g_strdup_printf ("%s.\n\n%s", event, note);
  else
    text = g_strdup_printf ("%s.", event);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, handoff_id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_int (stmt, 3, escalate ? 1 : 0);
  if (!_onsite_store_step_done (self, stmt, _("save the vendor case"), error) ||
      !append_note (self, handoff_id, note, at, actor, error) ||
      !add_handoff_event (self, handoff, handoff->state, handoff->pauses_sla, "handoff-follow-up",
                          at, actor, event, error) ||
      !enqueue_comment (self, handoff->ticket_id, text, actor, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/* From the ticket service -------------------------------------------------- */

/*
 * The local change still waiting to go out (or waiting for a person) that
 * carries a vendor case reference for @ticket_id: its id, state and value.
 * Returns FALSE on failure; *outbox_id is 0 when there is none.
 */
static gboolean
find_held_reference (OnsiteStore  *self,
                     gint64        ticket_id,
                     gint64       *outbox_id,
                     char        **state,
                     char        **value,
                     GError      **error)
{
  static const char sql[] =
    "SELECT id, state, coalesce (json_extract (payload, '$.fields.\"vendor-reference\".value'), '')"
    " FROM outbox WHERE ticket_id = ?1 AND kind IN ('handoff', 'fields')"
    "  AND state IN ('pending', 'sending', 'failed', 'conflict')"
    "  AND json_extract (payload, '$.fields.\"vendor-reference\"') IS NOT NULL"
    " ORDER BY id DESC LIMIT 1";
  sqlite3_stmt *stmt;
  int rc;

  *outbox_id = 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *outbox_id = sqlite3_column_int64 (stmt, 0);
      *state = _onsite_column_dup (stmt, 1);
      *value = _onsite_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the waiting changes"), error);
      return FALSE;
    }

  return TRUE;
}

/* Holds a local change back for a person, as the sync does when a push
 * finds the field changed at the service. */
static gboolean
hold_in_conflict (OnsiteStore  *self,
                  gint64        ticket_id,
                  gint64        outbox_id,
                  const char   *local_value,
                  const char   *remote_value,
                  gint64        now,
                  GError      **error)
{
  static const char hold_sql[] =
    "UPDATE outbox SET state = 'conflict', last_error = ?2 WHERE id = ?1";
  static const char conflict_sql[] =
    "INSERT INTO sync_conflicts (ticket_id, outbox_id, field, local_value, remote_value,"
    "  message, created_at) VALUES (?1, ?2, 'vendor-reference', ?3, ?4, ?5, ?6)";
  g_autofree char *message = NULL;
  sqlite3_stmt *stmt;

  /* Translators: the vendor's case reference at the ticket service, then Onsite's */
  message = g_strdup_printf (_("The vendor case reference was changed at the ticket service to “%s” while Onsite wanted “%s”."),
                             remote_value, local_value);

  if (!(stmt = _onsite_store_prepare (self, hold_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, outbox_id);
  _onsite_bind_text (stmt, 2, message);
  if (!_onsite_store_step_done (self, stmt, _("record the conflict"), error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, conflict_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, outbox_id);
  _onsite_bind_text (stmt, 3, local_value);
  _onsite_bind_text (stmt, 4, remote_value);
  _onsite_bind_text (stmt, 5, message);
  sqlite3_bind_int64 (stmt, 6, now);

  return _onsite_store_step_done (self, stmt, _("record the conflict"), error);
}

/*
 * The vendor answered a requested case, and someone typed its case
 * reference at the ticket service: that is the acknowledge step, at the
 * time the service last changed the ticket (not before the case was sent,
 * not after this pull). The ticket already waits on the vendor, so its
 * status stays; and like every step it is a history line, but there is no
 * change for the service, which already has the reference.
 */
static gboolean
acknowledge_from_service (OnsiteStore    *self,
                          OnsiteHandoff  *handoff,
                          const char     *connector,
                          const char     *reference,
                          gint64          remote_at,
                          gint64          now,
                          GError        **error)
{
  static const char sql[] =
    "UPDATE handoffs SET state = 'acknowledged', vendor_reference = ?2,"
    "  acknowledged_at = coalesce (acknowledged_at, ?3), updated_at = ?4"
    " WHERE id = ?1 AND state = 'requested'";
  g_autofree char *event = NULL;
  sqlite3_stmt *stmt;
  gint64 at;

  at = remote_at > 0 ? MIN (remote_at, now) : now;
  at = MAX (at, handoff->sent_at);

  /* Translators: vendor, its case reference */
  event = g_strdup_printf (_("%s acknowledged the case as %s (reference entered at the ticket service)"),
                           handoff->vendor_name, reference);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, handoff->id);
  _onsite_bind_text (stmt, 2, reference);
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_int64 (stmt, 4, MAX (now, at));
  if (!_onsite_store_step_done (self, stmt, _("save the vendor case"), error))
    return FALSE;

  return add_handoff_event (self, handoff, ONSITE_HANDOFF_ACKNOWLEDGED, handoff->pauses_sla, "handoff",
                            at, connector, event, error);
}

/*
 * A vendor case reference typed at the ticket service (RT's vendor-case
 * custom field) reaches the ticket's open hand-off.
 *
 * Only a value the service changed since the last pull counts: a field
 * still holding the reference of an earlier case says nothing about this
 * one. It is written as a step of the case, with its history line, but
 * without a change for the service: that would echo the service's own
 * value back to it. A case still "requested" becomes "acknowledged" at
 * @remote_at, when the service last changed the ticket: the vendor has
 * answered. An empty field is not taken: clearing it at the service does
 * not make Onsite forget the vendor's case number, and records nothing.
 *
 * When Onsite's own new reference is still on its way, neither side wins:
 * the local change is held in a conflict for a person to settle, as the
 * push does when it finds the field changed under it.
 */
gboolean
_onsite_store_apply_remote_vendor_reference (OnsiteStore  *self,
                                             gint64        ticket_id,
                                             const char   *connector,
                                             const char   *reference,
                                             gint64        remote_at,
                                             gint64        now,
                                             GError      **error)
{
  static const char known_sql[] =
    "SELECT vendor_reference FROM remote_tickets WHERE ticket_id = ?1";
  static const char write_sql[] =
    "UPDATE handoffs SET vendor_reference = ?2, updated_at = ?3 WHERE id = ?1";
  g_autoptr(OnsiteHandoff) handoff = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *known = NULL;
  g_autofree char *held_state = NULL;
  g_autofree char *held_value = NULL;
  g_autofree char *event = NULL;
  gint64 held_id = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  clean = g_strstrip (g_strdup (reference ? reference : ""));
  if (*clean == '\0' || ticket_id <= 0)
    return TRUE;

  if (!(stmt = _onsite_store_prepare (self, known_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  known = rc == SQLITE_ROW ? _onsite_column_dup (stmt, 0) : g_strdup ("");
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the ticket"), error);
      return FALSE;
    }

  if (g_strcmp0 (g_strstrip (known), clean) == 0)
    return TRUE;

  if (!(handoff = onsite_store_get_open_handoff (self, ticket_id, &local_error)))
    {
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  if (g_strcmp0 (handoff->vendor_reference, clean) == 0)
    return TRUE;

  if (!find_held_reference (self, ticket_id, &held_id, &held_state, &held_value, error))
    return FALSE;

  if (held_id > 0)
    {
      /* Already the same on both sides, or already before a person. */
      if (g_strcmp0 (held_value, clean) == 0 || g_strcmp0 (held_state, "conflict") == 0)
        return TRUE;

      return hold_in_conflict (self, ticket_id, held_id, held_value, clean, now, error);
    }

  if (handoff->state == ONSITE_HANDOFF_REQUESTED)
    return acknowledge_from_service (self, handoff, connector, clean, remote_at, now, error);

  if (*handoff->vendor_reference)
    /* Translators: vendor, its old case reference, the new one */
    event = g_strdup_printf (_("%s’s case reference changed at the ticket service from %s to %s"),
                             handoff->vendor_name, handoff->vendor_reference, clean);
  else
    /* Translators: vendor, its case reference */
    event = g_strdup_printf (_("%s’s case reference set at the ticket service: %s"),
                             handoff->vendor_name, clean);

  if (!(stmt = _onsite_store_prepare (self, write_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, handoff->id);
  _onsite_bind_text (stmt, 2, clean);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!_onsite_store_step_done (self, stmt, _("save the vendor case"), error))
    return FALSE;

  return add_handoff_event (self, handoff, handoff->state, handoff->pauses_sla, "handoff-reference",
                            now, connector, event, error);
}

/* SLA pauses -------------------------------------------------------------- */

/**
 * onsite_store_get_sla_pauses:
 *
 * When the ticket's SLA clock stood still, from the history of its vendor
 * cases: from each step into a state that waits on the vendor, under a
 * contract that pauses the SLA, to the next step out of it. A pause still
 * running has end 0.
 *
 * Returns: (transfer full) (element-type OnsiteSlaPause): the pauses in
 *   order, or %NULL with @error set
 */
GArray *
onsite_store_get_sla_pauses (OnsiteStore  *self,
                             gint64        ticket_id,
                             GError      **error)
{
  static const char sql[] =
    "SELECT at, data FROM events WHERE ticket_id = ?1 AND kind = 'handoff'"
    " ORDER BY at, id";
  g_autoptr(GArray) pauses = g_array_new (FALSE, FALSE, sizeof (OnsiteSlaPause));
  g_autoptr(GHashTable) running = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 0);
      const char *data = (const char *)sqlite3_column_text (stmt, 1);
      OnsiteHandoffState state;
      JsonObject *object;
      gint64 handoff;
      gboolean pausing;
      gint64 *start;

      if (data == NULL || !json_parser_load_from_data (parser, data, -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;

      object = json_node_get_object (json_parser_get_root (parser));
      handoff = json_object_get_int_member_with_default (object, "handoff", 0);
      if (!onsite_handoff_state_from_string (json_object_get_string_member_with_default (object, "state", ""), &state))
        continue;
      pausing = json_object_get_boolean_member_with_default (object, "pauses_sla", FALSE) &&
                onsite_handoff_state_waits_on_vendor (state);
      start = g_hash_table_lookup (running, &handoff);

      if (pausing && start == NULL)
        g_hash_table_insert (running, g_memdup2 (&handoff, sizeof handoff), g_memdup2 (&at, sizeof at));
      else if (!pausing && start != NULL)
        {
          OnsiteSlaPause pause = { *start, at };

          g_array_append_val (pauses, pause);
          g_hash_table_remove (running, &handoff);
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the ticket history"), error);
      return NULL;
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, running);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        OnsiteSlaPause pause = { *(gint64 *)value, 0 };

        g_array_append_val (pauses, pause);
      }
  }

  return g_steal_pointer (&pauses);
}

/**
 * onsite_store_get_sla_clock:
 * @now: the present
 * @due: (out) (optional): the effective due date at @now; 0 if the
 *   ticket has none
 * @paused: (out) (optional): whether the clock stands still at @now: a
 *   case under a pausing contract waits on the vendor, and began before
 *   the SLA was breached
 *
 * The ticket's SLA clock as a person should see it while vendors hold it.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
onsite_store_get_sla_clock (OnsiteStore  *self,
                            gint64        ticket_id,
                            gint64        now,
                            gint64       *due,
                            gboolean     *paused,
                            GError      **error)
{
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(GArray) pauses = NULL;
  const OnsiteSlaPause *p;
  gint64 original, at_now, a_minute_on;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(ticket = onsite_store_get_ticket (self, ticket_id, error)) ||
      !(pauses = onsite_store_get_sla_pauses (self, ticket_id, error)))
    return FALSE;

  original = onsite_ticket_get_sla_due (ticket);
  p = (const OnsiteSlaPause *)(gpointer)pauses->data;
  at_now = onsite_sla_effective_due (original, p, pauses->len, now);
  /* Stopped means: as time goes on, the due date goes with it. */
  a_minute_on = onsite_sla_effective_due (original, p, pauses->len, now + 60);

  if (due)
    *due = original > 0 ? at_now : 0;
  if (paused)
    *paused = original > 0 && a_minute_on > at_now;

  return TRUE;
}

/**
 * onsite_store_get_effective_sla_due:
 * @now: the present, up to which a running pause counts
 *
 * The ticket's due date with the time spent waiting on vendors under
 * pausing contracts given back; see onsite_sla_effective_due().
 *
 * Returns: the effective due date; 0 if the ticket has none; -1 with
 *   @error set on failure
 */
gint64
onsite_store_get_effective_sla_due (OnsiteStore  *self,
                                    gint64        ticket_id,
                                    gint64        now,
                                    GError      **error)
{
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(GArray) pauses = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (self), -1);

  if (!(ticket = onsite_store_get_ticket (self, ticket_id, error)) ||
      !(pauses = onsite_store_get_sla_pauses (self, ticket_id, error)))
    return -1;

  return onsite_sla_effective_due (onsite_ticket_get_sla_due (ticket),
                                   (const OnsiteSlaPause *)(gpointer)pauses->data,
                                   pauses->len, now);
}
