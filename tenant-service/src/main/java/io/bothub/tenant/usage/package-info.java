/** Counting what each tenant uses per day, from the events of the services that do the work. */
@NullMarked
package io.bothub.tenant.usage;

import org.jspecify.annotations.NullMarked;
