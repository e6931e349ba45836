@NullMarked
package io.bothub.support.messaging;

import org.jspecify.annotations.NullMarked;
