/** Events produced by tenant-service. */
@NullMarked
package io.bothub.events.tenant;

import org.jspecify.annotations.NullMarked;
