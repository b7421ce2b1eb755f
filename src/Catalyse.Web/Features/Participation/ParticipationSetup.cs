using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Petitions;

namespace Catalyse.Web.Features.Participation;

public static class ParticipationSetup
{
    public static IServiceCollection AddParticipation(this IServiceCollection services) =>
        services.AddScoped<EligibilityService>().AddScoped<CensusService>()
            .AddScoped<PetitionService>().AddScoped<Votes.VoteService>().AddScoped<Votes.VoteQueries>().AddScoped<Consultations.ConsultationService>().AddScoped<Consultations.ConsultationQueries>().AddScoped<Meetings.MeetingService>().AddPetitionSigning().AddScoped<PetitionQueries>()
            .AddScoped<Surveys.SurveyService>().AddScoped<Surveys.SurveyQueries>()
            .AddScoped<Moderation.ModerationService>().AddScoped<Moderation.ModerationQueue>();

    public static void MapParticipationApi(this IEndpointRouteBuilder app)
    {
        app.MapPetitionsApi();
        Votes.VotesApi.MapVotesApi(app);
        Consultations.ConsultationsApi.MapConsultationsApi(app);
        Meetings.MeetingsApi.MapMeetingsApi(app);
        Surveys.SurveysApi.MapSurveysApi(app);
    }
}
