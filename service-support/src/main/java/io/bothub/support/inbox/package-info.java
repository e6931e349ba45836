@NullMarked
package io.bothub.support.inbox;

import org.jspecify.annotations.NullMarked;
