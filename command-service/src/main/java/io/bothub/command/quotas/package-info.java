/** Tenants' daily command quotas: announced by tenant-service, counted in Redis, enforced at intake. */
@NullMarked
package io.bothub.command.quotas;

import org.jspecify.annotations.NullMarked;
