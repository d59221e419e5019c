/**
 * Word lists for the synthetic seed: agent kinds, their outcome labels, how each label gets a
 * value, and call summaries. Names, companies and cities come from faker (en_IN first).
 */

/** How an outcome label gets its value on a call whose analysis is ready. */
export type OutcomeSpec =
  /** "Yes" when the call went well, "No" when it did not. */
  | { kind: 'yes' }
  /** "Yes" when the call went badly (e.g. "Dispute Raised"), "No" otherwise. */
  | { kind: 'no' }
  /** A date a few days after the call (YYYY-MM-DD), "Not Provided" when the call went badly. */
  | { kind: 'date' }
  /** One of a few values; `negative` is used when the call went badly. */
  | { kind: 'choice', values: readonly string[], negative?: string }

export type Sentiment = 'positive' | 'neutral' | 'negative' | 'voicemail'

export interface AgentTemplate {
  name: string
  /** 3-5 of these become the agent's outcome keys (in this order). */
  outcomes: readonly string[]
  summaries: Record<Sentiment, readonly string[]>
}

export const VOICES = ['Tara', 'Raj', 'Kavya', 'Arjun', 'Meera', 'Aditi', 'Rohan', 'Anjali', 'Vikram', 'Priya'] as const

const PLANS = ['Basic Plan', 'Standard Plan', 'Premium Plan', 'Enterprise Plan'] as const

export const OUTCOME_SPECS: Record<string, OutcomeSpec> = {
  // The documented agent's labels (Get Batch Results example).
  Interested: { kind: 'yes' },
  'Follow Up Required': { kind: 'yes' },
  'Callback Date': { kind: 'date' },
  'Product Interest': { kind: 'choice', values: PLANS, negative: 'None' },
  // Payment reminders.
  'Payment Promised': { kind: 'yes' },
  'Promised Amount': { kind: 'choice', values: ['2500', '4999', '7500', '12000', '18500', '25000'], negative: '0' },
  'Payment Date': { kind: 'date' },
  'Dispute Raised': { kind: 'no' },
  'Payment Mode': { kind: 'choice', values: ['UPI', 'Net Banking', 'Debit Card', 'Credit Card', 'Cheque'], negative: 'Not Provided' },
  // Lead qualification.
  'Budget Confirmed': { kind: 'yes' },
  'Decision Maker': { kind: 'yes' },
  'Company Size': { kind: 'choice', values: ['1-10', '11-50', '51-200', '201-1000', '1000+'] },
  'Lead Score': { kind: 'choice', values: ['Hot', 'Warm'], negative: 'Cold' },
  // Appointments.
  'Appointment Booked': { kind: 'yes' },
  'Appointment Date': { kind: 'date' },
  'Preferred Time Slot': { kind: 'choice', values: ['Morning', 'Afternoon', 'Evening'], negative: 'Not Provided' },
  'Reschedule Requested': { kind: 'no' },
  'Clinic Location': { kind: 'choice', values: ['Indiranagar', 'Koramangala', 'Whitefield', 'Andheri West', 'Powai', 'Banjara Hills'] },
  // Feedback.
  'Satisfaction Score': { kind: 'choice', values: ['4', '5'], negative: '2' },
  'Would Recommend': { kind: 'yes' },
  'Issue Category': { kind: 'choice', values: ['None', 'Billing', 'Delivery', 'Product Quality', 'Support'], negative: 'Support' },
  'Complaint Raised': { kind: 'no' },
  // Renewals.
  'Renewal Confirmed': { kind: 'yes' },
  'Plan Selected': { kind: 'choice', values: PLANS, negative: 'None' },
  'Renewal Date': { kind: 'date' },
  'Discount Requested': { kind: 'no' },
  // KYC.
  'Documents Verified': { kind: 'yes' },
  'Address Confirmed': { kind: 'yes' },
  'Verification Status': { kind: 'choice', values: ['Verified', 'Partially Verified'], negative: 'Pending' },
  'Document Pending': { kind: 'choice', values: ['None', 'None', 'PAN Card'], negative: 'Address Proof' },
  // Orders.
  'Order Confirmed': { kind: 'yes' },
  'Delivery Date': { kind: 'date' },
  'Cancellation Requested': { kind: 'no' },
  'Address Updated': { kind: 'choice', values: ['No', 'Yes'] }
}

export const AGENT_TEMPLATES: readonly AgentTemplate[] = [
  {
    name: 'Payment Reminder Agent',
    outcomes: ['Payment Promised', 'Promised Amount', 'Payment Date', 'Payment Mode', 'Dispute Raised'],
    summaries: {
      positive: [
        'Customer acknowledged the overdue EMI and promised to pay the full amount by the agreed date.',
        'Customer confirmed the pending payment and will pay through UPI later this week.',
        'Customer agreed to clear the outstanding balance and asked for the payment link on WhatsApp.'
      ],
      neutral: [
        'Customer asked for a few more days to arrange funds. A reminder call was requested.',
        'Customer was unsure of the due amount and asked for a statement by email before committing.'
      ],
      negative: [
        'Customer disputed the charges and refused to pay until the billing issue is resolved.',
        'Customer said they cannot pay this month and ended the call early.'
      ],
      voicemail: ['Call reached voicemail. A payment reminder message was left for the customer.']
    }
  },
  {
    name: 'Lead Qualification Agent',
    outcomes: ['Interested', 'Budget Confirmed', 'Decision Maker', 'Company Size', 'Lead Score'],
    summaries: {
      positive: [
        'Prospect is interested in a demo and confirmed budget for this quarter. Handed over to sales.',
        'Prospect is the decision maker and wants pricing for the team plan. Agreed to a follow-up call.',
        'Prospect showed strong interest and asked for a proposal by the end of the week.'
      ],
      neutral: [
        'Prospect is evaluating options and asked to be contacted again next month.',
        'Prospect needs to check with their manager before sharing budget details.'
      ],
      negative: [
        'Prospect is not interested at the moment and asked not to be called again.',
        'Prospect already uses a competitor and has no plans to switch this year.'
      ],
      voicemail: ['Call reached voicemail. A short introduction and callback number were left.']
    }
  },
  {
    name: 'Appointment Booking Agent',
    outcomes: ['Appointment Booked', 'Appointment Date', 'Preferred Time Slot', 'Clinic Location', 'Reschedule Requested'],
    summaries: {
      positive: [
        'Patient booked a consultation for the suggested date and prefers a morning slot.',
        'Patient confirmed the appointment and asked for directions to the clinic.',
        'Patient booked a follow-up visit and requested an SMS reminder the day before.'
      ],
      neutral: [
        'Patient will check their schedule and call back to confirm a slot.',
        'Patient asked about consultation fees before booking. Details were shared.'
      ],
      negative: [
        'Patient does not need an appointment right now and declined the booking.',
        'Patient asked to cancel the earlier appointment and did not want a new one.'
      ],
      voicemail: ['Call reached voicemail. A message with the booking helpline was left.']
    }
  },
  {
    name: 'Customer Feedback Agent',
    outcomes: ['Satisfaction Score', 'Would Recommend', 'Issue Category', 'Complaint Raised'],
    summaries: {
      positive: [
        'Customer is happy with the recent service and would recommend it to friends.',
        'Customer rated the experience highly and praised the delivery speed.'
      ],
      neutral: [
        'Customer was satisfied overall but mentioned a delay in the last order.',
        'Customer shared mixed feedback about the mobile app and suggested improvements.'
      ],
      negative: [
        'Customer was unhappy with the support response time and raised a complaint.',
        'Customer reported a billing problem and asked for a call from a supervisor.'
      ],
      voicemail: ['Call reached voicemail. No feedback was collected.']
    }
  },
  {
    name: 'Renewal Reminder Agent',
    outcomes: ['Renewal Confirmed', 'Plan Selected', 'Renewal Date', 'Discount Requested'],
    summaries: {
      positive: [
        'Customer confirmed the renewal and chose to upgrade to a higher plan.',
        'Customer agreed to renew the policy before expiry and will pay online.',
        'Customer renewed for another year and asked for the invoice by email.'
      ],
      neutral: [
        'Customer is comparing plans and asked for a callback before the renewal date.',
        'Customer wants to renew but asked whether any discount is available.'
      ],
      negative: [
        'Customer does not want to renew and plans to cancel the subscription.',
        'Customer found the renewal price too high and declined.'
      ],
      voicemail: ['Call reached voicemail. A renewal reminder was left with the expiry date.']
    }
  },
  {
    name: 'KYC Verification Agent',
    outcomes: ['Documents Verified', 'Address Confirmed', 'Verification Status', 'Document Pending', 'Callback Date'],
    summaries: {
      positive: [
        'Customer confirmed their details and the KYC verification was completed on the call.',
        'Customer verified the registered address and confirmed the uploaded documents.'
      ],
      neutral: [
        'Customer confirmed most details but still needs to upload an address proof.',
        'Customer asked for the list of accepted documents before completing verification.'
      ],
      negative: [
        'Customer could not verify the registered details and the verification remains pending.',
        'Customer refused to share details over the phone and asked to visit a branch instead.'
      ],
      voicemail: ['Call reached voicemail. A message asking the customer to complete KYC was left.']
    }
  },
  {
    name: 'Order Confirmation Agent',
    outcomes: ['Order Confirmed', 'Delivery Date', 'Address Updated', 'Cancellation Requested'],
    summaries: {
      positive: [
        'Customer confirmed the cash-on-delivery order and the delivery address.',
        'Customer confirmed the order and asked for delivery before the weekend.'
      ],
      neutral: [
        'Customer confirmed the order but wants to update the delivery address first.',
        'Customer asked about the return policy before confirming the order.'
      ],
      negative: [
        'Customer asked to cancel the order as it was placed by mistake.',
        'Customer did not recognise the order and declined to confirm it.'
      ],
      voicemail: ['Call reached voicemail. An order confirmation message was left.']
    }
  }
]

/** Summaries for agents this file does not describe (e.g. the documented "Customer Outreach Agent"). */
export const GENERIC_SUMMARIES: Record<Sentiment, readonly string[]> = {
  positive: [
    'Customer was interested in the product demo. Agreed to a follow-up call next week.',
    'Customer liked the offer and asked for the brochure on WhatsApp.',
    'Customer showed interest in the premium plan and requested a callback with pricing.'
  ],
  neutral: [
    'Customer asked for more information by email before deciding.',
    'Customer was busy and asked to be called back later in the week.'
  ],
  negative: [
    'Customer was not interested and asked to be removed from the calling list.',
    'Customer said the product does not fit their needs right now.'
  ],
  voicemail: ['Call reached voicemail. A brief message with a callback number was left.']
}

/** Small batch-level metadata objects (a batch's metadata is null or one of these). */
export const BATCH_METADATA: ReadonlyArray<Record<string, string>> = [
  { campaign: 'q2-renewals', source: 'crm' },
  { campaign: 'may-collections', region: 'south' },
  { campaign: 'webinar-followup' },
  { source: 'website-leads', owner: 'growth-team' },
  { campaign: 'festive-offer', region: 'west' },
  { source: 'csv-upload' }
]
